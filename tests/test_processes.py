"""No local server outlives the person using it, or fails them while they edit.

`make run` restarts for code only, never for what the site writes while someone edits; a Ctrl-C
stops `make run` and `make serve` within seconds, quietly, even while the workers load, and so
does a closed terminal; a worker killed under load is started again and loses no committed save;
a worker ends when Granian's main process is killed; every make target that starts servers
checks all its ports first. (make stack, which needs PostgreSQL and Redis, is
tested in tests/test_servers.py.)
"""

import itertools
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.error
from contextlib import closing, suppress
from pathlib import Path

import pytest
from django.conf import settings

from scripts.servers import KILL_TIMEOUT, wait_until

from . import ports
from .forms import Browser
from .project_copy import (
    BASE_DIR,
    LOGIN,
    clean_environment,
    copy_project,
    get,
    make,
    read_on_every_worker,
    run_make,
    serving,
    stop_with_ctrl_c,
)

PORT = ports.PROCESSES
SITE = f"http://127.0.0.1:{PORT}"
CHANGE = f"/{settings.ADMIN_URL}statuses/statuscode/{{code}}/change/"
SAVED = f"/{settings.ADMIN_URL}statuses/statuscode/"
RELOAD = "Changes detected, reloading workers"
SPAWNED = re.compile(r"Spawning worker-(\d+) with PID: (\d+)")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One copy of the project for the module, its content loaded and an admin login made once
    (each takes a migration check and seconds of loading); the tests only add edits to it."""
    copy = copy_project(tmp_path_factory.mktemp("processes"))
    run_make(copy, "content")
    run_make(copy, "logins", **LOGIN)
    return copy


def log_in():
    browser = Browser(SITE)
    browser.log_in(LOGIN["DJANGO_SUPERUSER_USERNAME"], LOGIN["DJANGO_SUPERUSER_PASSWORD"])
    return browser


def save(browser, code, summary):
    """Save a code's Korean summary through the admin's change form, as an editor does."""
    status, url, html = browser.submit(CHANGE.format(code=code), summary_ko=summary)
    assert (status, url) == (200, SITE + SAVED), html[:500]


def test_make_run_restarts_for_code_and_never_for_what_the_site_writes(site, tmp_path):
    with serving(site, tmp_path / "run.log", PORT, target="run", workers=1) as log:
        editor = log_in()  # a session row in db.sqlite3
        for code in (404, 410, 418):  # the database, its journal, the shared cache in .cache/
            save(editor, code, f"{code} 편집 중에도 멈추지 않는 사이트")
        (site / "notes.log").write_text("a person's own file in the folder\n")

        # Long enough for a reload to show: the watcher looks every 50 ms, a worker loads in one
        # to several seconds. Every request must answer.
        answered, until = 0, time.monotonic() + 4
        while time.monotonic() < until:
            for path in ("/", "/404/", "/en/410/", f"/{settings.ADMIN_URL}"):
                status, _, page = editor.get(path)
                assert status == 200, path
                answered += 1
        assert "404 편집 중에도 멈추지 않는 사이트" in editor.get("/404/")[2]
        assert RELOAD not in log.read_text()
        assert answered > 8

        code_file = site / "statuses" / "apps.py"
        code_file.write_text(code_file.read_text() + "\n# edited while make run runs\n")
        wait_until(
            "a reload for the edited Python file",
            lambda: log.read_text().count("Started worker-1") == 2 and editor.get("/")[0] == 200,
            seconds=60,
        )
        assert f"Modified: {code_file}" in log.read_text()
        assert log.read_text().count(RELOAD) == 1


def catches_sigterm(pid):
    """Whether the process has a handler for SIGTERM (/proc/PID/status, SigCgt)."""
    status = Path(f"/proc/{pid}/status").read_text()
    caught = int(re.search(r"^SigCgt:\s+([0-9a-f]+)$", status, re.MULTILINE)[1], 16)
    return bool(caught & 1 << (signal.SIGTERM - 1))


def test_a_ctrl_c_while_the_workers_load_stops_them_at_once(site, tmp_path):
    """Granian's workers install their stop handlers once the application has loaded; until
    then a stop used to be lost, and Granian killed each worker 3 s later."""
    log = tmp_path / "serve.log"
    with log.open("w") as output:
        server = make(site, "serve", output=output, HOST="127.0.0.1", PORT=str(PORT), WORKERS="3")
    try:

        def workers():
            return [pid for _, pid in SPAWNED.findall(log.read_text())]

        wait_until("make serve's three workers", lambda: len(workers()) == 3, server, 180)
        # Loading takes them a second or more; a worker that catches SIGTERM before it has
        # loaded (a stop handler it inherited) would lose the stop.
        wait_until(
            "workers that a stop ends while they load",
            lambda: not any(catches_sigterm(pid) for pid in workers()),
            server,
            seconds=10,
        )

        seconds = stop_with_ctrl_c(server, log)

        assert seconds < KILL_TIMEOUT
        assert "Started worker-" not in log.read_text()  # they stopped while loading
    finally:
        with suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def test_a_killed_worker_is_started_again_under_load_and_no_committed_save_is_lost(site, tmp_path):
    saved, lost_connections, errors = [], [], []
    done = threading.Event()

    def keep_saving(editor):
        for number in itertools.count():
            summary = f"일꾼이 죽어도 남는 저장 {number}"
            try:
                save(editor, (404, 410, 418)[number % 3], summary)
                saved.append(summary)
            except urllib.error.HTTPError as error:
                errors.append(f"a save answered {error.code}")
            except OSError:  # on the killed worker's connection: not committed, or not known
                lost_connections.append(time.monotonic())
            except AssertionError as error:
                errors.append(str(error))
            if done.is_set():
                return

    def keep_reading():
        reader = Browser(SITE)
        while not done.is_set():
            try:
                status, _, _ = reader.get("/404/")
                if status != 200:
                    errors.append(f"/404/ answered {status}")
            except OSError:
                lost_connections.append(time.monotonic())

    with serving(site, tmp_path / "serve.log", PORT) as log:
        threads = [threading.Thread(target=keep_saving, args=(log_in(),))]
        threads += [threading.Thread(target=keep_reading) for _ in range(3)]
        for thread in threads:
            thread.start()
        try:
            wait_until("two saves", lambda: len(saved) >= 2, seconds=60)
            victim = dict(SPAWNED.findall(log.read_text()))["2"]
            os.kill(int(victim), signal.SIGKILL)
            killed = time.monotonic()

            wait_until(
                "worker-2 started again",
                lambda: log.read_text().count("Started worker-2") == 2,
                seconds=60,
            )
            respawned = time.monotonic()
            read_on_every_worker(log, PORT, ["/404/"])  # the new worker-2 among them
            saves_before = len(saved)
            wait_until("two more saves", lambda: len(saved) >= saves_before + 2, seconds=60)
        finally:
            done.set()
            for thread in threads:
                thread.join(timeout=60)

    assert "Respawning worker-2" in log.read_text()
    assert respawned - killed < 30
    assert errors == []
    # Only requests the killed worker held failed; none after its successor started.
    assert all(moment < respawned for moment in lost_connections)
    with closing(sqlite3.connect(site / "db.sqlite3")) as database:
        history = {
            summary
            for (summary,) in database.execute(
                "SELECT summary_ko FROM statuses_historicalstatuscode"
            )
        }
    assert set(saved) <= history


def serve_alone(tmp_path, log):
    """scripts/serve.py (make serve's last step) in a process group of its own, as a terminal
    runs a job, with a throwaway database (robots.txt reads none)."""
    env = clean_environment(
        DJANGO_ENV_FILE=os.devnull,
        DJANGO_SECRET_KEY="test-only-secret-key",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        PYTHONWARNINGS="ignore:No directory at:UserWarning",  # no collected static files
    )
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "scripts/serve.py", "--port", str(PORT)],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    wait_until("serve.py", lambda: get(PORT, "/robots.txt"), server)
    return server


def ended(pid):
    try:
        return "\nState:\tZ" in Path(f"/proc/{pid}/status").read_text()  # exited, not reaped
    except FileNotFoundError:
        return True


def closed(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_a_closed_terminal_stops_the_server(tmp_path):
    """The shell sends SIGHUP to the job; Granian alone would take it for "reload"."""
    log = tmp_path / "serve.log"
    server = serve_alone(tmp_path, log)
    try:
        os.killpg(server.pid, signal.SIGHUP)
        server.wait(timeout=10)
        wait_until("the port closed", lambda: closed(PORT), seconds=10)
    finally:
        with suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
    assert "Granian shutdown completed" in log.read_text()
    assert "reloading" not in log.read_text().lower()


def test_a_worker_ends_when_granians_main_process_is_killed(tmp_path):
    log = tmp_path / "serve.log"
    server = serve_alone(tmp_path, log)
    try:
        main = int(re.search(r"main PID: (\d+)", log.read_text())[1])
        (_, worker), *_ = SPAWNED.findall(log.read_text())
        os.kill(main, signal.SIGKILL)
        wait_until("the worker's end", lambda: ended(worker), seconds=10)
        assert closed(PORT)
    finally:
        with suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait()


@pytest.mark.parametrize(
    ("target", "variables", "taken", "named"),
    [
        ("run", {"PORT": ports.TAKEN}, ports.TAKEN, ""),
        ("serve", {"PORT": ports.TAKEN}, ports.TAKEN, ""),
        ("stack", {"PORT": ports.TAKEN}, ports.TAKEN + 3, " (Redis)"),
        ("bench", {"BENCH_PORT": ports.TAKEN}, ports.TAKEN + 2, " (the origin)"),
    ],
)
def test_a_taken_port_stops_a_target_before_it_starts_anything(target, variables, taken, named):
    with socket.create_server(("127.0.0.1", taken)):
        variables = {name: str(value) for name, value in variables.items()}
        process = make(BASE_DIR, target, up_to_date=["/usr/bin/wrk"], **variables)
        output, _ = process.communicate(timeout=60)

    assert process.returncode != 0
    said = [line for line in output.splitlines() if line.startswith("!! ")]
    assert said == [
        f"!! 127.0.0.1:{taken}{named} is taken: stop what listens there, or "
        + {
            "run": f"use another port: make run PORT={ports.TAKEN + 1}",
            "serve": f"use another port: make serve PORT={ports.TAKEN + 1}",
            "stack": "choose other ports: make stack PORT=9000 (PORT to PORT+4)",
            "bench": "choose other ports: make bench BENCH_PORT=9490 (BENCH_PORT to BENCH_PORT+3)",
        }[target]
    ], output
    assert "Traceback" not in output
