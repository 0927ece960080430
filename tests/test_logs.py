"""Every log line, Granian's server and access lines and Django's own: one zone and format, no
control character an attacker sends, no traceback or long value for a request the site refused."""

import logging
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from scripts.servers import granian, wait_until
from statuses.http.log_format import MAX_REJECTION, SiteClockFormatter

from . import ports

BASE_DIR = Path(settings.BASE_DIR)
PORT = ports.LOGS
LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+09:00 \[\d+\] [A-Z]+ ([\w.]+): \S")
PID = re.compile(r" \[(\d+)\] ")


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


# A path that decodes to a line of the site's own format, and one with a terminal escape (under
# api/, whose 404 needs no static files: this server has none collected).
FORGED = "/api/nope%0a2026-12-02T14:43:55.464+09:00%20[1]%20INFO%20granian.access:%20FORGED"
ESCAPE = "/api/nope%1b[2J%1b[31mRED"
LONG_HOST = "h" * 100_000


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Granian as make run and make serve start it, in a process whose own zone is UTC; some
    requests it answers, some it refuses. The main process's id and every line it wrote."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env = {
        **clean,
        "TZ": "UTC",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV_FILE": os.devnull,
        "DJANGO_SECRET_KEY": "test-only-secret-key",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('logs') / 'unused.sqlite3'}",
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
        assert get("/robots.txt", host=LONG_HOST) == 400
        assert get("/robots.txt%00") == 400  # a NUL in the path
        assert get(FORGED) == 404
        assert get(ESCAPE) == 404
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    return server.pid, [line for line in output.splitlines() if line.strip()]


def test_every_line_of_the_served_site_has_the_same_clock(served):
    main_pid, lines = served

    # No traceback: every line starts with the one clock.
    assert [line for line in lines if not LINE.match(line)] == []
    pids = {}
    for line in lines:
        match = LINE.match(line)
        pids.setdefault(match[1], set()).add(int(PID.search(line)[1]))
    assert {"_granian", "granian.access", "django.security.DisallowedHost"} <= pids.keys()
    # The log configuration holds in Granian's main process and in its worker alike.
    assert pids["_granian"] == {main_pid}
    assert pids["granian.access"] == pids["django.security.DisallowedHost"]
    assert pids["granian.access"].isdisjoint(pids["_granian"])


def test_a_path_cannot_forge_a_line_or_write_terminal_escapes(served):
    _, lines = served

    forged = [line for line in lines if "FORGED" in line]
    assert forged, "the forged path was not logged"
    # Each on the line of the request that carried it, the line end written as \n.
    assert all(" granian.access: " in line or " django.request: " in line for line in forged)
    assert all("/api/nope\\n2026-12-02T14:43:55.464+09:00 [1] INFO" in line for line in forged)
    assert not any("\x1b" in line for line in lines)
    assert any("/api/nope\\x1b[2J\\x1b[31mRED" in line for line in lines)


def test_a_refused_request_is_logged_once_on_one_short_line(served):
    _, lines = served

    hosts = [line for line in lines if "DisallowedHost" in line]
    assert len(hosts) == 2  # one line for each bad Host, none repeating it
    assert "'evil.example'" in hosts[0]
    assert LONG_HOST not in hosts[1]
    assert max(len(line) for line in hosts) < MAX_REJECTION + 200
    nul = [line for line in lines if "NUL character" in line]
    assert len(nul) == 1 and "/robots.txt\\x00" in nul[0]


def test_a_traceback_keeps_its_lines_each_indented():
    """Only a record's first line starts with the clock, whatever an exception's text holds."""
    try:
        raise ValueError("bad\n2026-12-02T14:43:55.464+09:00 [1] INFO forged\x1b[2J")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Failed", (), sys.exc_info()
        )

    first, *rest = SiteClockFormatter().format(record).split("\n")

    assert LINE.match(first) and first.endswith("ERROR django.request: Failed")
    assert rest[0] == "  Traceback (most recent call last):"
    assert all(line.startswith("  ") for line in rest)
    assert "  2026-12-02T14:43:55.464+09:00 [1] INFO forged\\x1b[2J" in rest
    assert "\x1b" not in "".join(rest) and "\\x1b[2J" in rest[-1]
