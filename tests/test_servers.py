"""End to end, through real servers: the production app server, two of them sharing PostgreSQL
and Redis, and the whole stack behind Varnish (`make stack`).

The last two are marked ``servers``: they need PostgreSQL and Redis, so they run in the PostgreSQL
pass (`make test-postgres`: pytest ``--servers``, Redis as the cache); the try-it test needs
neither.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import pytest
from django.conf import global_settings, settings
from django.contrib.auth.models import User
from django.db import connection
from django.test import override_settings

from scripts.servers import answers, granian, wait_until

from . import ports
from .conftest import server_env
from .forms import Browser

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def start(command, env, url, seconds=120):
    process = subprocess.Popen(
        command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until(command[0], lambda: answers(url), process, seconds)
    except BaseException:
        stop(process)
        raise
    return process


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def test_try_it_sends_proxy_authenticate_and_upgrade_from_the_production_server(tmp_path):
    """The fields WSGI calls hop-by-hop reach the client (gunicorn and waitress drop them)."""
    env = server_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "--no-input", "--verbosity", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )
    port = ports.SERVERS[0]
    server = start(granian(port, 1, log=False), env, f"http://127.0.0.1:{port}/robots.txt")
    try:
        browser = Browser(f"http://127.0.0.1:{port}")
        status, headers, _ = browser.get("/try/407/")
        assert status == 407
        assert headers["Proxy-Authenticate"] == 'Basic realm="try-it"'

        status, headers, _ = browser.get("/try/426/")
        assert status == 426
        assert headers["Upgrade"] == "websocket"
        assert "upgrade" in [option.strip() for option in headers["Connection"].lower().split(",")]

        status, headers, _ = browser.get("/try/401/")
        assert (status, headers["WWW-Authenticate"]) == (401, 'Basic realm="try-it"')
    finally:
        stop(server)


@pytest.fixture
def shared_cache_url():
    url = os.environ.get("CACHE_URL", "")
    if not url.startswith("redis://"):
        pytest.fail(
            "Two app servers need Redis as CACHE_URL and PostgreSQL: run make test-postgres",
            pytrace=False,
        )
    return url


@pytest.mark.servers
def test_an_edit_on_one_app_server_shows_on_the_other_at_once(
    transactional_db, content, shared_cache_url, collected_static
):
    assert connection.vendor == "postgresql", "two app servers share PostgreSQL"
    # Hashed as the servers hash (the tests' fast hasher is not in their settings).
    with override_settings(PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS):
        User.objects.create_superuser("boss", "", "pw-for-tests-only")
    database = connection.settings_dict
    env = server_env(
        DATABASE_URL=(
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
            f"{database['PORT']}/{database['NAME']}"
        ),
        CACHE_URL=shared_cache_url,
    )
    servers = [
        start(granian(port, 1, log=False), env, f"http://127.0.0.1:{port}/robots.txt")
        for port in ports.SERVERS[1:]
    ]
    try:
        first, second = (Browser(f"http://127.0.0.1:{port}") for port in ports.SERVERS[1:])
        for browser in (first, second):  # both have the page in their page cache
            assert browser.get("/410/")[0] == 200
        first.log_in("boss", "pw-for-tests-only")

        status, _, _ = first.submit(
            f"/{settings.ADMIN_URL}statuses/statuscode/410/change/",
            summary_ko="두 서버 사이에 바로 보이는 요약",
        )

        assert status == 200
        assert "두 서버 사이에 바로 보이는 요약" in second.get("/410/")[2]
    finally:
        for server in servers:
            stop(server)


def start_stack(log):
    """`make stack` as CI starts it in the background: SIGINT ignored, which it inherits."""
    env = {
        **os.environ,
        "PORT": str(ports.STACK),
        "DJANGO_SUPERUSER_USERNAME": "boss",
        "DJANGO_SUPERUSER_PASSWORD": "pw-for-tests-only",
    }
    env.pop("DATABASE_URL", None)
    env.pop("CACHE_URL", None)
    with log.open("w") as output:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "--old-file=.venv/.runtime-installed", "stack"],
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
        )
    try:
        wait_until("make stack", lambda: "Stack ready" in log.read_text(), process, 300)
    except BaseException:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
        raise
    return process


STACK_PORTS = range(ports.STACK, ports.STACK + 5)  # Varnish, the app servers, Redis, PostgreSQL


def all_closed():
    for port in STACK_PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return False
    return True


def stack_folder(stack):
    """The temporary folder of the running stack (its owner holds the folder's lock open)."""
    (owner,) = Path(f"/proc/{stack.pid}/task/{stack.pid}/children").read_text().split()
    for descriptor in Path(f"/proc/{owner}/fd").iterdir():
        with suppress(OSError):
            opened = Path(os.readlink(descriptor))
            if opened.name == "owner.lock" and opened.parent.name.startswith("httpstatus-stack-"):
                return int(owner), opened.parent
    pytest.fail(f"make stack's process {owner} holds no folder")


@pytest.mark.servers
def test_the_stack_serves_from_varnish_shows_an_edit_at_once_and_never_outlives_its_parent(
    tmp_path,
):
    front_url = f"http://127.0.0.1:{ports.STACK}"
    stack = start_stack(tmp_path / "first.log")
    try:
        front, reader = Browser(front_url), Browser(front_url)
        _, first, _ = reader.get("/404/")
        _, again, page = reader.get("/404/")
        assert first["X-Cache"] == "MISS"
        assert again["X-Cache"] == "HIT"
        assert again["Age"].isdigit()

        front.log_in("boss", "pw-for-tests-only")
        status, _, _ = front.submit(
            f"/{settings.ADMIN_URL}statuses/statuscode/404/change/",
            summary_ko="앞단을 거쳐 고친 요약",
        )
        assert status == 200
        edited = time.monotonic()
        while time.monotonic() - edited < 1:
            _, headers, page = reader.get("/404/")
            if "앞단을 거쳐 고친 요약" in page:
                break
            time.sleep(0.05)
        assert "앞단을 거쳐 고친 요약" in page, "the edit did not show through Varnish in 1 s"
        assert reader.get("/404/")[1]["X-Cache"] == "HIT"

        status, headers, _ = reader.get("/try/426/")
        assert (status, headers["Upgrade"]) == (426, "websocket")
        status, headers, _ = reader.get("/try/407/")
        assert (status, headers["Proxy-Authenticate"]) == (407, 'Basic realm="try-it"')

        # kill -9 of the process that owns the parts: no handler of its runs, yet every part
        # ends (each has a parent-death signal), and nothing listens after a short while.
        owner, killed_folder = stack_folder(stack)
        os.kill(owner, signal.SIGKILL)
        stack.wait(timeout=30)
        wait_until("every port of the killed stack closed", all_closed, seconds=15)
    except BaseException:
        os.killpg(stack.pid, signal.SIGTERM)
        stack.wait(timeout=60)
        raise

    # A second start just works, and removes what the killed one left in the temporary folder.
    log = tmp_path / "second.log"
    stack = start_stack(log)
    try:
        assert not killed_folder.exists()
        _, folder = stack_folder(stack)
        assert Browser(front_url).get("/404/")[0] == 200
    finally:
        ctrl_c = time.monotonic()
        os.killpg(stack.pid, signal.SIGINT)
        stack.wait(timeout=60)
    assert time.monotonic() - ctrl_c < 15, "a Ctrl-C took more than 15 s"
    assert stack.returncode == 0, log.read_text()[-2000:]
    assert all_closed()
    assert not folder.exists()
