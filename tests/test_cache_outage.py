"""Degrade, don't fail: with the shared cache down, pages render uncached and saves succeed."""

import os
import socket
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

from statuses.models import StatusClass

from . import ports
from .forms import submit_form

pytestmark = pytest.mark.database

# A port of this project's test band where nothing listens.
CLOSED_PORT = ports.CLOSED
PAGES = ["/", "/4xx/", "/404/", "/en/404/", "/search/?q=found", "/api/statuses/404/"]


def unreachable_redis():
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", CLOSED_PORT)) != 0, "something listens there"
    return f"redis://127.0.0.1:{CLOSED_PORT}/1"


def unwritable_folder(tmp_path):
    """A cache folder that cannot be made, even by root: a file is where its parent should be."""
    (tmp_path / "disk-full").write_text("")
    return tmp_path / "disk-full" / "cache"


@pytest.fixture(params=["redis", "file"])
def broken_shared_cache(request, settings, tmp_path):
    if request.param == "redis":
        # The options settings.py adds to any CACHE_URL of Redis.
        cache = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": unreachable_redis(),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    else:
        cache = {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(unwritable_folder(tmp_path)),
        }
    settings.CACHES = {**settings.CACHES, "default": cache}
    return request.param


@pytest.mark.parametrize("path", PAGES)
def test_pages_render_uncached_with_a_logged_warning(
    client, sample_codes, broken_shared_cache, path, caplog
):
    first = client.get(path)
    again = client.get(path)

    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert "Shared cache unavailable, pages are served uncached" in caplog.text


def test_a_page_still_answers_a_conditional_request(client, sample_codes, broken_shared_cache):
    etag = client.get("/404/")["ETag"]

    assert client.get("/404/", headers={"if-none-match": etag}).status_code == 304


def test_an_admin_save_succeeds_and_shows_at_once(
    admin_client, client, sample_codes, broken_shared_cache, caplog
):
    path = reverse("statuses:class", args=[4])
    client.get(path)
    change_url = reverse("admin:statuses_statusclass_change", args=[4])

    response = submit_form(admin_client, change_url, {"summary_ko": "캐시가 죽어도 저장됨"})

    assert response.status_code == 302
    assert StatusClass.objects.get(digit=4).summary_ko == "캐시가 죽어도 저장됨"
    assert "캐시가 죽어도 저장됨" in client.get(path).content.decode()
    assert "The content version was not bumped" in caplog.text


def test_load_content_succeeds_with_redis_down(tmp_path):
    # A file cache folder that cannot be made stops every manage.py command earlier, at Django's
    # own system check of the caches, before anything is changed.
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env = {
        **clean,
        "DJANGO_ENV_FILE": os.devnull,
        "DJANGO_SECRET_KEY": "test-only-secret-key",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "CACHE_URL": unreachable_redis(),
    }

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=django_settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )

    assert manage("migrate", "--no-input", "--verbosity", "0").returncode == 0
    result = manage("load_content")

    assert result.returncode == 0, result.stderr
    assert "created" in result.stdout
    assert "The content version was not bumped" in result.stderr
