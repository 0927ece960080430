"""The Content Security Policy blocks nothing the site or the admin needs (Debian's Chromium)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def visit_and_collect_violations(page, paths):
    violations = []
    page.on("console", lambda message: violations.append(message.text))
    for path in paths:
        response = page.goto(path)
        assert "default-src 'none'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
    return [text for text in violations if "Content Security Policy" in text]


def test_public_pages_run_under_the_policy(page, content):
    paths = ["/", "/4xx/", "/404/", "/en/429/", "/search/?q=redirect", "/419/"]

    assert visit_and_collect_violations(page, paths) == []
    page.goto("/")
    page.locator("[data-search-input]").fill("429")  # site.js filters the grid as one types
    expect(page.locator(".code-card:visible")).to_have_count(1)


def test_admin_runs_under_the_policy(page, content, django_user_model):
    django_user_model.objects.create_superuser("editor", password="right-password-123")
    page.goto(reverse("admin:login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", "right-password-123")
    page.click("input[type=submit]")

    paths = [
        reverse("admin:index"),
        reverse("admin:statuses_statuscode_changelist"),
        reverse("admin:statuses_statuscode_change", args=[404]),
        reverse("admin:statuses_statuscode_history", args=[404]),
        reverse("admin:statuses_vendorusage_recover"),
        reverse("admin:statuses_codecomparison_changelist"),
        reverse("admin:statuses_vendorusage_add"),  # last: its form is checked below
    ]

    assert visit_and_collect_violations(page, paths) == []
    expect(page.locator("#id_code")).to_have_count(1)  # the form with its autocomplete widget
