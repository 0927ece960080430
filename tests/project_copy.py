"""A copy of the project, run through its Makefile as the README tells a person to.

The ``project`` fixture (tests/conftest.py) copies the checkout without its database, .env,
caches and collected files, sharing the virtual environment; ``make`` runs a target there with
no variable of the developer's shell; ``serving`` runs `make serve` or `make run` until the site
answers, and ends it with a Ctrl-C, as a person does, which must stop it within seconds and
quietly.
"""

import http.client
import os
import re
import shutil
import signal
import subprocess
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings

from scripts.servers import KILL_TIMEOUT, wait_until

BASE_DIR = Path(settings.BASE_DIR)
# Variables a developer's shell or `make test` may have set; the copy must run on its defaults.
INHERITED = ("DJANGO_", "CACHE_URL", "DATABASE_URL", "HOST", "PORT", "WORKERS", "MAKE", "MFLAGS")
IGNORED = (".git", ".venv", ".cache", ".env", "db.sqlite3*", "staticfiles", "__pycache__")
QUIET = re.compile(r" INFO (_granian|_granian\.serve|granian\.access): ")
# Granian reaps each worker twice: in a watcher thread of the worker's, and in its stop. When
# the watcher wins, the stop finds the stopped worker "alive" (multiprocessing sees ECHILD) and
# says it killed it at once (granian/server/common.py, _watcher and _stop_workers). A worker
# that really refuses is killed only after the kill timeout.
FALSE_KILL = re.compile(
    r" WARNING _granian: Killing worker-\d+ after it refused to gracefully stop$"
)
LOGIN = {"DJANGO_SUPERUSER_USERNAME": "boss", "DJANGO_SUPERUSER_PASSWORD": "pw-for-tests-only"}


def clean_environment(**extra):
    kept = {key: value for key, value in os.environ.items() if not key.startswith(INHERITED)}
    return {**kept, **extra}


def copy_project(folder):
    copy = folder / "site"
    shutil.copytree(
        BASE_DIR, copy, ignore=shutil.ignore_patterns(*IGNORED, ".*_cache", ".hypothesis")
    )
    (copy / ".venv").symlink_to(BASE_DIR / ".venv")
    return copy


def make(project, target, output=subprocess.PIPE, up_to_date=(), **env):
    """``make target`` in its own process group, as a terminal runs it."""
    # -o: the shared virtual environment counts as installed; make never rebuilds it from here.
    up_to_date = [".venv/.runtime-installed", ".venv/.test-installed", *up_to_date]
    return subprocess.Popen(
        ["make", "--no-print-directory", *(f"--old-file={name}" for name in up_to_date), target],
        cwd=project,
        env=clean_environment(**env),
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def run_make(project, target, **env):
    process = make(project, target, **env)
    output, _ = process.communicate(timeout=180)
    assert process.returncode == 0, output
    return output


def ctrl_c(process):
    """What a terminal does on Ctrl-C: SIGINT to every process of the foreground group."""
    os.killpg(process.pid, signal.SIGINT)


def logged_at(line):
    """The seconds since the epoch of a log line on the site's clock (its first word)."""
    return datetime.fromisoformat(line.split(" ", 1)[0]).timestamp()


def stop_with_ctrl_c(process, log):
    """Ctrl-C, and what it must give: a stop within seconds, in Granian's own INFO lines only.

    No worker killed for refusing to stop (Granian's false report of a worker it reaped twice
    aside, ``FALSE_KILL``), none reported as crashed, no traceback, no make error. Returns the
    seconds it took.
    """
    before = log.stat().st_size
    stopping = time.monotonic()
    ctrl_c(process)
    process.wait(timeout=30)
    seconds = time.monotonic() - stopping
    with log.open("rb") as lines:
        lines.seek(before)
        shutdown = lines.read().decode().splitlines()
    assert shutdown, "nothing said on Ctrl-C"
    # An access line of the last request may come late.
    said = [line for line in shutdown if not QUIET.search(line)]
    started = logged_at(shutdown[0])
    assert all(
        FALSE_KILL.search(line) and logged_at(line) - started < KILL_TIMEOUT / 3 for line in said
    ), "\n".join(shutdown)
    assert seconds < 10, f"{seconds:.1f} s to stop"
    return seconds


@contextmanager
def serving(project, log, port, target="serve", workers=3, **env):
    """`make serve` (or `make run`) until every worker has started and the site answers.

    Yields the log, where each access line names its worker. Ends with a Ctrl-C, which must
    stop everything within seconds and quietly (``stop_with_ctrl_c``).
    """
    with log.open("w") as output:
        process = make(
            project,
            target,
            output=output,
            HOST="127.0.0.1",
            PORT=str(port),
            WORKERS=str(workers),
            **env,
        )
    try:

        def ready():
            started = log.read_text().count("INFO _granian.serve: Started worker-")
            return started >= workers and head(port, "/robots.txt")  # whatever it answers

        wait_until(f"make {target}", ready, process, seconds=180)
        yield log
    except BaseException:
        os.killpg(process.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=30)
        raise
    else:
        stop_with_ctrl_c(process, log)
    finally:
        with suppress(ProcessLookupError):  # nothing left when all stopped
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def head(port, path, headers=None):
    """The response, as it is: redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("HEAD", path, headers=headers or {})
        return connection.getresponse()
    finally:
        connection.close()


def get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.read().decode()


# Granian's access line through statuses/http/log_format.py: "... [pid] INFO granian.access:
# 127.0.0.1 "GET /404/ HTTP/1.1" 200 3.1ms".
ACCESS = re.compile(r"\[(\d+)\] INFO granian\.access: \S+ \"GET (\S+) ")


def read_on_every_worker(log, port, paths, workers=3):
    """Request the pages until the access log shows every worker served each; return the bodies.

    Requests go four at a time, so that busy workers leave the next one to the idle ones.
    """
    start = log.stat().st_size
    bodies = {path: [] for path in paths}
    with ThreadPoolExecutor(4) as pool:
        for _ in range(100):
            batch = paths * 4
            for path, body in zip(
                batch, pool.map(lambda path: get(port, path), batch), strict=True
            ):
                bodies[path].append(body)
            with log.open() as lines:
                lines.seek(start)
                served = {match.groups() for line in lines if (match := ACCESS.search(line))}
            pids = {pid for pid, _path in served}
            if len(pids) == workers and all((pid, p) in served for pid in pids for p in paths):
                return bodies
    pytest.fail(f"{workers} workers did not all answer within 800 requests: {served}")
