"""One configuration for every process: the settings, the environment and .env, never a recipe.

The workflow test runs a copy of the project exactly as the README tells an operator to, with no
variable set: `make serve` in one process, `make content` in another.
"""

import json
import os
import re
import sqlite3
import subprocess
import sys
from contextlib import closing

import pytest

from statuses.checks import shared_cache_problem
from statuses.content.loader import dump_json

from . import ports
from .project_copy import (
    BASE_DIR,
    clean_environment,
    head,
    read_on_every_worker,
    run_make,
    serving,
)

PORT = ports.CONFIGURATION


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


@pytest.fixture
def server(project, tmp_path):
    with serving(project, tmp_path / "serve.log", PORT) as log:
        yield log


def summary(html):
    return re.search(r'<p class="lead">(.*?)</p>', html, re.DOTALL)[1]


def test_editing_workflow_reaches_every_worker_at_once(project, server):
    """Step 5 of the editing workflow: `make content` next to a running `make serve`."""
    run_make(project, "content")  # before the server: the first deploy's load
    fixture = project / "fixtures" / "codes_4xx.json"
    rows = json.loads(fixture.read_text(encoding="utf-8"))
    old_summary = next(row for row in rows if row["pk"] == 404)["fields"]["summary_ko"]

    before = read_on_every_worker(server, PORT, ["/404/", "/410/"])
    assert {summary(html) for html in before["/404/"]} == {old_summary}

    # Proof that every worker now answers from its cache: a change that bypasses the signals
    # (a direct SQL update) stays invisible on all of them...
    with closing(sqlite3.connect(project / "db.sqlite3")) as database, database:
        database.execute(
            "UPDATE statuses_statuscode SET summary_ko = '캐시 밖에서 고친 요약' WHERE code = 410"
        )
    cached = read_on_every_worker(server, PORT, ["/410/"])
    assert "캐시 밖에서 고친 요약" not in "".join(cached["/410/"])

    # ...until the load, run as the README says, bumps the content version they all share.
    for row in rows:
        if row["pk"] == 404:
            row["fields"]["summary_ko"] = "배포에서 새로 불러온 요약입니다."
    fixture.write_text(dump_json(rows), encoding="utf-8")
    output = run_make(project, "content")

    assert ", 1 updated," in output
    after = read_on_every_worker(server, PORT, ["/404/", "/410/"])
    assert {summary(html) for html in after["/404/"]} == {"배포에서 새로 불러온 요약입니다."}
    assert {summary(html) for html in after["/410/"]} == {"캐시 밖에서 고친 요약"}


def test_make_serve_leaves_x_forwarded_proto_to_django(project, tmp_path):
    """Granian reads no X-Forwarded-* header: DJANGO_TRUST_X_FORWARDED_PROTO alone decides
    whether a request forwarded as HTTPS counts as HTTPS."""
    forwarded = {"X-Forwarded-Proto": "https"}
    with serving(project, tmp_path / "serve.log", PORT, DJANGO_SECURE_SSL_REDIRECT="true"):
        untrusted = head(PORT, "/robots.txt", headers=forwarded)
    with serving(
        project,
        tmp_path / "trusted.log",
        PORT,
        DJANGO_SECURE_SSL_REDIRECT="true",
        DJANGO_TRUST_X_FORWARDED_PROTO="true",
    ):
        trusted = head(PORT, "/robots.txt", headers=forwarded)

    assert untrusted.status == 301
    assert untrusted.getheader("Location") == f"https://127.0.0.1:{PORT}/robots.txt"
    assert trusted.status == 200
