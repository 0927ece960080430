"""Every absolute link comes from DJANGO_SITE_URL: no request header can change the address the
site gives for itself."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings

from .conftest import SITE_URL

# A host the site answers to, a forwarded host and an HTTPS request: none may leak into links.
OTHER_DOOR = {"HTTP_HOST": "localhost:8081", "HTTP_X_FORWARDED_HOST": "evil.example"}


def hosts_linked(text):
    return set(re.findall(r"https?://([^/:\s\"'<>]+)", text))


@pytest.mark.parametrize("path", ["/404/", "/en/4xx/", "/", "/search/?q=found"])
def test_page_links_use_the_canonical_origin(client, sample_codes, path):
    html = client.get(path, secure=True, **OTHER_DOOR).content.decode()

    assert f'<link rel="canonical" href="{SITE_URL}/' in html
    assert f'<meta property="og:url" content="{SITE_URL}/' in html
    assert f'hreflang="en" href="{SITE_URL}/en/' in html
    assert "localhost" not in html and "evil.example" not in html


def test_sitemap_robots_api_and_try_it_use_the_canonical_origin(client, sample_codes):
    answers = [
        client.get("/sitemap.xml", secure=True, **OTHER_DOOR).content.decode(),
        client.get("/robots.txt", secure=True, **OTHER_DOOR).content.decode(),
        client.get("/api/statuses/404/", secure=True, **OTHER_DOOR).content.decode(),
        client.get("/try/404/", secure=True, **OTHER_DOOR).content.decode(),
        client.get("/try/301/", secure=True, **OTHER_DOOR)["Location"],
    ]

    for text in answers:
        assert f"{SITE_URL}/" in text
        assert not {"localhost", "evil.example", "testserver"} & hosts_linked(text), text


def test_the_cache_key_needs_no_host(client, sample_codes, django_assert_num_queries):
    first = client.get("/404/")

    with django_assert_num_queries(0):
        other_host = client.get("/404/", HTTP_HOST="localhost:8081")

    assert other_host.content == first.content


def settings_in_a_process(env):
    clean = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in ("HOST", "PORT")
    }
    return subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "--no-imports",
            "-c",
            "from django.conf import settings; print(settings.SITE_URL)",
        ],
        cwd=django_settings.BASE_DIR,
        env={**clean, "DJANGO_ENV_FILE": os.devnull, "DJANGO_DEBUG": "true", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "9000"}, "http://127.0.0.1:9000"),
        ({"DJANGO_SITE_URL": "https://example.com/"}, "https://example.com"),
    ],
)
def test_the_default_origin_is_where_make_run_listens(env, expected):
    result = settings_in_a_process(env)

    assert result.stdout.strip() == expected, result.stderr


@pytest.mark.parametrize("value", ["example.com", "ftp://example.com", "https://example.com/x/"])
def test_a_malformed_site_url_refuses_to_start(value):
    result = settings_in_a_process({"DJANGO_SITE_URL": value})

    assert result.returncode != 0
    assert "DJANGO_SITE_URL must be an origin" in result.stderr


@pytest.mark.parametrize(
    ("env", "says"),
    [
        ({}, "names a host not in ALLOWED_HOSTS"),  # the development default, forgotten
        ({"DJANGO_SITE_URL": "http://example.com"}, "plain HTTP, but the site is HTTPS only"),
    ],
)
def test_deployment_check_asks_for_the_public_origin(env, says):
    production = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "k3J9-x_production-secret-that-is-long-and-random-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "example.com",
        "DJANGO_SECURE_SSL_REDIRECT": "true",
    }
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=django_settings.BASE_DIR,
        env={**clean, "DJANGO_ENV_FILE": os.devnull, **production, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert "statuses.W002" in result.stderr
    assert says in result.stderr
