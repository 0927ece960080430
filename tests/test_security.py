import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from statuses.markup.markdown import render_markdown

BASE_DIR = Path(settings.BASE_DIR)

# The production environment the README documents (with placeholder values).
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k3J9-x_production-secret-that-is-long-and-random-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "example.com",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://example.com",
    "DJANGO_SECURE_SSL_REDIRECT": "true",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "DJANGO_SECURE_HSTS_PRELOAD": "true",
    "DJANGO_ADMIN_URL": "editors-x7q/",
    "CACHE_URL": "redis://cache.internal:6379/1",
    "DJANGO_SITE_URL": "https://example.com",
}


def manage(*args, env):
    """Run manage.py in a fresh process with only the given settings (and no .env file)."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={**clean, "DJANGO_ENV_FILE": os.devnull, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    return dict(
        (name, values) for name, _, values in (d.strip().partition(" ") for d in policy.split(";"))
    )


@pytest.mark.parametrize(
    ("path", "host", "status"),
    [
        ("/", "testserver", 200),
        ("/en/4xx/", "testserver", 200),
        ("/404/", "testserver", 200),
        ("/419/", "testserver", 404),
        ("/api/nope/", "testserver", 404),
        ("/static/css/site.css", "testserver", 200),  # answered by WhiteNoise
        ("/favicon.ico", "testserver", 301),
        ("/robots.txt%00", "testserver", 400),  # a NUL, refused before any view
        ("/", "evil.example", 400),  # a Host the site does not answer to
    ],
)
def test_every_answer_sends_the_security_headers(client, sample_codes, path, host, status):
    response = client.get(path, headers={"host": host})

    assert response.status_code == status
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    directives = csp_directives(response)
    assert directives["default-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["script-src"] == directives["style-src"] == "'self'"


@pytest.mark.parametrize(
    "name", ["admin:index", "admin:statuses_statuscode_changelist", "admin:statuses_statuscode_add"]
)
def test_admin_pages_get_the_same_policy(admin_client, client, db, name):
    public_policy = client.get("/")["Content-Security-Policy"]
    login = client.get(reverse("admin:login"))
    response = admin_client.get(reverse(name))

    assert response.status_code == login.status_code == 200
    assert response["Content-Security-Policy"] == login["Content-Security-Policy"] == public_policy


def test_policy_allows_no_inline_code_or_eval(client, db):
    policy = client.get("/")["Content-Security-Policy"]

    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_templates_hold_no_inline_script_style_or_handlers():
    for template in (BASE_DIR / "templates").rglob("*.html"):
        html = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\ssrc=)|<style|\sstyle=|\son[a-z]+=", html), template


def test_server_error_page_needs_no_context_and_no_inline_style():
    html = render_to_string("500.html")

    assert "500 Internal Server Error" in html
    assert "style=" not in html and "/static/css/site.css" in html


def test_markdown_cannot_carry_styles():
    html = render_markdown('<p style="position:fixed">a</p> <span class="x">b</span>')

    assert "style" not in html and "class" not in html


def test_https_redirect_and_hsts_when_switched_on(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000

    plain = client.get("/404/")
    secure = client.get("/404/", secure=True)

    assert plain.status_code == 301 and plain["Location"] == "https://testserver/404/"
    assert secure["Strict-Transport-Security"] == "max-age=31536000"


def test_production_environment_passes_the_deployment_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_deployment_check_asks_for_a_shared_cache():
    result = manage("check", "--deploy", env={**PRODUCTION_ENV, "CACHE_URL": "locmemcache://"})

    assert "statuses.W001" in result.stderr


def test_cookies_are_secure_and_http_only_behind_tls():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY, s.ADMIN_URL)"
    )

    result = manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)

    assert result.stdout.split() == ["True", "True", "True", "True", "editors-x7q/"]


@pytest.mark.parametrize("missing", ["DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"])
def test_production_without_secret_or_hosts_refuses_to_start(missing):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr
    assert "DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS" in result.stderr


def test_admin_login_is_locked_after_five_wrong_passwords(client, django_user_model):
    django_user_model.objects.create_superuser("editor", password="right-password-123")
    login = reverse("admin:login")

    answers = [
        client.post(login, {"username": "editor", "password": "wrong"}).status_code
        for _ in range(5)
    ]
    locked = client.post(login, {"username": "editor", "password": "right-password-123"})

    assert answers == [200, 200, 200, 200, 429]  # the form with an error, then locked
    assert locked.status_code == 429


def test_a_correct_password_resets_the_count(client, django_user_model):
    django_user_model.objects.create_superuser("editor", password="right-password-123")
    login = reverse("admin:login")
    for _ in range(4):
        client.post(login, {"username": "editor", "password": "wrong"})

    assert (
        client.post(login, {"username": "editor", "password": "right-password-123"}).status_code
        == 302
    )


@pytest.mark.parametrize(
    ("next_page", "lands_on"),
    [
        ("https://evil.example/", "admin:index"),  # off-site: refused
        ("//evil.example/", "admin:index"),
        (reverse("admin:statuses_statuscode_changelist"), "admin:statuses_statuscode_changelist"),
    ],
)
def test_a_login_lands_where_next_says_or_on_the_admin(
    client, django_user_model, next_page, lands_on
):
    from .forms import open_form

    django_user_model.objects.create_superuser("editor", password="right-password-123")
    login = f"{reverse('admin:login')}?next={next_page}"
    form = open_form(client, login)

    response = form.submit(client, {"username": "editor", "password": "right-password-123"})

    assert response.status_code == 302
    assert response["Location"] == reverse(lands_on)
