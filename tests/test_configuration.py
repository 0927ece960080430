"""One configuration for every process: the settings, the environment and .env, never a recipe.

The workflow test runs a copy of the project exactly as the README tells an operator to, with no
variable set: `make serve` in one process, `make content` in another.
"""

import http.client
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager, suppress
from pathlib import Path

import pytest
from django.conf import settings

from statuses.checks import shared_cache_problem
from statuses.content.loader import dump_json

from . import ports

BASE_DIR = Path(settings.BASE_DIR)
PORT = ports.CONFIGURATION
WORKERS = 3
# Variables a developer's shell or `make test` may have set; the copy must run on its defaults.
INHERITED = ("DJANGO_", "CACHE_URL", "DATABASE_URL", "HOST", "PORT", "WORKERS", "MAKE", "MFLAGS")


def clean_environment(**extra):
    kept = {key: value for key, value in os.environ.items() if not key.startswith(INHERITED)}
    return {**kept, **extra}


def manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=clean_environment(DJANGO_ENV_FILE=os.devnull, **env),
        capture_output=True,
        text=True,
        timeout=60,
    )


DEPLOY_ENV = {
    "DJANGO_SECRET_KEY": "k3J9-x_production-secret-that-is-long-and-random-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "example.com",
}


def test_every_process_gets_the_file_cache_in_the_project_folder_by_default():
    code = "from django.conf import settings; print(settings.CACHES['default'])"

    result = manage("shell", "--no-imports", "-c", code, env=DEPLOY_ENV)

    assert result.returncode == 0, result.stderr
    assert "FileBasedCache" in result.stdout
    assert str(BASE_DIR / ".cache" / "shared") in result.stdout


@pytest.mark.parametrize(
    ("cache_url", "says"),
    [
        ("locmemcache://", "private to each process"),
        ("dummycache://", "keeps nothing"),
    ],
)
def test_deployment_check_warns_when_processes_would_have_different_caches(cache_url, says):
    result = manage(
        "check", "--deploy", "--tag", "caches", env={**DEPLOY_ENV, "CACHE_URL": cache_url}
    )

    assert "statuses.W001" in result.stderr
    assert says in result.stderr


def test_a_file_cache_this_process_cannot_use_is_not_shared(tmp_path):
    # Django itself fails to start on a file in the way; a folder another user made (mode 700,
    # as Django creates it) starts, and only this check tells.
    (tmp_path / "a-file").write_text("in the way")
    cache = {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache"}

    blocked = shared_cache_problem({**cache, "LOCATION": str(tmp_path / "a-file" / "cache")})
    usable = shared_cache_problem({**cache, "LOCATION": str(tmp_path / "new" / "cache")})

    assert "cannot read and write" in blocked
    assert usable is None


@pytest.mark.parametrize("cache_url", [None, "filecache://{tmp}/cache", "redis://cache.internal/1"])
def test_deployment_check_accepts_a_shared_cache(tmp_path, cache_url):
    env = dict(DEPLOY_ENV, **({"CACHE_URL": cache_url.format(tmp=tmp_path)} if cache_url else {}))

    result = manage("check", "--deploy", "--tag", "caches", env=env)

    assert result.returncode == 0, result.stderr
    assert "statuses.W001" not in result.stderr


# The editing workflow of the README, on the production server.

IGNORED = (
    ".git",
    ".venv",
    ".cache",
    ".env",
    "db.sqlite3*",
    "staticfiles",
    "__pycache__",
    ".*_cache",
)


@pytest.fixture
def project(tmp_path):
    """A copy of the project with its own database, .env and default cache folder."""
    copy = tmp_path / "site"
    shutil.copytree(
        BASE_DIR, copy, ignore=shutil.ignore_patterns(*IGNORED, ".*_cache", ".hypothesis")
    )
    (copy / ".venv").symlink_to(BASE_DIR / ".venv")
    return copy


def make(project, target, output=subprocess.PIPE, **env):
    # -o: the shared virtual environment counts as installed; make never rebuilds it from here.
    return subprocess.Popen(
        ["make", "--no-print-directory", "-o", ".venv/.runtime-installed", target],
        cwd=project,
        env=clean_environment(**env),
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


def run_make(project, target):
    process = make(project, target)
    output, _ = process.communicate(timeout=180)
    assert process.returncode == 0, output
    return output


@contextmanager
def serving(project, log, **env):
    """`make serve` as the README says; its log, where each access line names its worker."""
    with log.open("w") as output:
        process = make(
            project,
            "serve",
            output=output,
            HOST="127.0.0.1",
            PORT=str(PORT),
            WORKERS=str(WORKERS),
            **env,
        )
    try:
        deadline = time.monotonic() + 180
        while True:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "make serve did not answer within 180 s"
            # Granian stops cleanly only once every worker has started.
            if log.read_text().count("INFO _granian.serve: Started worker-") == WORKERS:
                try:
                    head("/robots.txt")
                    break
                except OSError:
                    pass
            time.sleep(0.3)
        yield log
    finally:
        # Granian's main process stops its workers; signalled too, they exit under it and it
        # waits for them forever.
        main = re.search(r"Starting granian \(main PID: (\d+)\)", log.read_text())
        if main:
            os.kill(int(main[1]), signal.SIGTERM)
        else:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        finally:
            with suppress(ProcessLookupError):  # nothing left when all stopped
                os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def server(project, tmp_path):
    with serving(project, tmp_path / "serve.log") as log:
        yield log


def head(path, headers=None):
    """The response, as it is: redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    try:
        connection.request("HEAD", path, headers=headers or {})
        return connection.getresponse()
    finally:
        connection.close()


def get(path):
    with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=10) as response:
        return response.read().decode()


# Granian's access line through statuses/log_format.py: "... [pid] INFO granian.access: 127.0.0.1
# "GET /404/ HTTP/1.1" 200 3.1ms".
ACCESS = re.compile(r"\[(\d+)\] INFO granian\.access: \S+ \"GET (\S+) ")


def read_on_every_worker(log, paths):
    """Request the pages until the access log shows every worker served each; return the bodies.

    Requests go four at a time, so that busy workers leave the next one to the idle ones.
    """
    start = log.stat().st_size
    bodies = {path: [] for path in paths}
    with ThreadPoolExecutor(4) as pool:
        for _ in range(100):
            batch = paths * 4
            for path, body in zip(batch, pool.map(get, batch), strict=True):
                bodies[path].append(body)
            with log.open() as lines:
                lines.seek(start)
                served = {match.groups() for line in lines if (match := ACCESS.search(line))}
            workers = {pid for pid, _path in served}
            if len(workers) == WORKERS and all(
                (pid, p) in served for pid in workers for p in paths
            ):
                return bodies
    pytest.fail(f"{WORKERS} workers did not all answer within 800 requests: {served}")


def summary(html):
    return re.search(r'<p class="lead">(.*?)</p>', html, re.DOTALL)[1]


def test_editing_workflow_reaches_every_worker_at_once(project, server):
    """Step 5 of the editing workflow: `make content` next to a running `make serve`."""
    run_make(project, "content")  # before the server: the first deploy's load
    fixture = project / "fixtures" / "codes_4xx.json"
    rows = json.loads(fixture.read_text(encoding="utf-8"))
    old_summary = next(row for row in rows if row["pk"] == 404)["fields"]["summary_ko"]

    before = read_on_every_worker(server, ["/404/", "/410/"])
    assert {summary(html) for html in before["/404/"]} == {old_summary}

    # Proof that every worker now answers from its cache: a change that bypasses the signals
    # (a direct SQL update) stays invisible on all of them...
    with closing(sqlite3.connect(project / "db.sqlite3")) as database, database:
        database.execute(
            "UPDATE statuses_statuscode SET summary_ko = '캐시 밖에서 고친 요약' WHERE code = 410"
        )
    cached = read_on_every_worker(server, ["/410/"])
    assert "캐시 밖에서 고친 요약" not in "".join(cached["/410/"])

    # ...until the load, run as the README says, bumps the content version they all share.
    for row in rows:
        if row["pk"] == 404:
            row["fields"]["summary_ko"] = "배포에서 새로 불러온 요약입니다."
    fixture.write_text(dump_json(rows), encoding="utf-8")
    output = run_make(project, "content")

    assert ", 1 updated," in output
    after = read_on_every_worker(server, ["/404/", "/410/"])
    assert {summary(html) for html in after["/404/"]} == {"배포에서 새로 불러온 요약입니다."}
    assert {summary(html) for html in after["/410/"]} == {"캐시 밖에서 고친 요약"}


def test_make_serve_leaves_x_forwarded_proto_to_django(project, tmp_path):
    """Granian reads no X-Forwarded-* header: DJANGO_TRUST_X_FORWARDED_PROTO alone decides
    whether a request forwarded as HTTPS counts as HTTPS."""
    forwarded = {"X-Forwarded-Proto": "https"}
    with serving(project, tmp_path / "serve.log", DJANGO_SECURE_SSL_REDIRECT="true"):
        untrusted = head("/robots.txt", headers=forwarded)
    with serving(
        project,
        tmp_path / "trusted.log",
        DJANGO_SECURE_SSL_REDIRECT="true",
        DJANGO_TRUST_X_FORWARDED_PROTO="true",
    ):
        trusted = head("/robots.txt", headers=forwarded)

    assert untrusted.status == 301
    assert untrusted.getheader("Location") == f"https://127.0.0.1:{PORT}/robots.txt"
    assert trusted.status == 200
