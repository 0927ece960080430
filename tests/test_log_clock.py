"""One clock: Granian's server and access lines and Django's own share one zone and format."""

import logging
import os
import re
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

from django.conf import settings

from scripts.servers import granian, wait_until
from statuses.log_format import SiteClockFormatter

from . import ports

BASE_DIR = Path(settings.BASE_DIR)
PORT = ports.LOG_CLOCK
LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+09:00 \[\d+\] [A-Z]+ ([\w.]+): \S")
PID = re.compile(r" \[(\d+)\] ")
TRACEBACK = re.compile(
    r"^(Traceback \(most recent call last\):|\s+\S|[\w.]+(Error|Exception|Host): )"
)


def test_the_formatter_stamps_the_site_zone_whatever_the_process_zone():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found", (), None
    )
    record.created = 0.25  # 1970-01-01 00:00:00.250 UTC

    line = SiteClockFormatter().format(record)

    assert (
        line == f"1970-01-01T09:00:00.250+09:00 [{os.getpid()}] WARNING django.request: Not Found"
    )


def get(path, host="127.0.0.1"):
    request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_every_line_of_the_served_site_has_the_same_clock(tmp_path):
    """Granian as make run and make serve start it, in a process whose own zone is UTC."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env = {
        **clean,
        "TZ": "UTC",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV_FILE": os.devnull,
        "DJANGO_SECRET_KEY": "test-only-secret-key",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        # make run collects the static files first; here WhiteNoise would warn that they are
        # missing, on stderr and outside logging.
        "PYTHONWARNINGS": "ignore:No directory at:UserWarning",
    }
    server = subprocess.Popen(
        granian(PORT, 1),
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_until("Granian", lambda: get("/robots.txt") == 200, server)
        assert get("/robots.txt", host="evil.example") == 400  # Django logs DisallowedHost
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)

    lines = [line for line in output.splitlines() if line.strip()]
    assert LINE.match(lines[0])
    # A record may carry a traceback; every other line starts with the one clock.
    assert [line for line in lines if not (LINE.match(line) or TRACEBACK.match(line))] == []
    assert any(TRACEBACK.match(line) for line in lines)  # the DisallowedHost record has one
    pids = {}
    for line in lines:
        if match := LINE.match(line):
            pids.setdefault(match[1], set()).add(int(PID.search(line)[1]))
    assert {"_granian", "granian.access", "django.security.DisallowedHost"} <= pids.keys()
    # The log configuration holds in Granian's main process and in its worker alike.
    assert pids["_granian"] == {server.pid}
    assert pids["granian.access"] == pids["django.security.DisallowedHost"]
    assert pids["granian.access"].isdisjoint(pids["_granian"])
