"""The live preview's endpoint: the site's renderer, for staff who may change the model only."""

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from statuses.admin.preview import MAX_PREVIEW_LENGTH

PREVIEW = reverse("admin:statuses_statuscode_preview")
CHANGE_404 = reverse("admin:statuses_statuscode_change", args=[404])


def client_with_form_token(user):
    """A browser-like client with CSRF checks on, and the token the change form renders."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    html = client.get(CHANGE_404).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    return client, token, html


def test_the_change_form_loads_the_preview_script(editor, sample_codes):
    _, _, html = client_with_form_token(editor)

    assert "js/admin-preview.js" in html
    assert 'class="markdown-preview"' in html  # the saved text, shown without JavaScript


def test_it_renders_what_the_public_page_renders_and_cleans_it(editor, sample_codes):
    client, token, _ = client_with_form_token(editor)

    response = client.post(
        PREVIEW,
        {"text": "**굵게** 쓴 글\n\n- 하나\n- 둘\n\n<script>alert(1)</script>"},
        headers={"X-CSRFToken": token},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<div class="markdown-preview">')
    assert "<strong>굵게</strong>" in html and "<li>하나</li>" in html
    assert "<script" not in html
    assert "no-store" in response["Cache-Control"]


def test_empty_text_previews_as_a_dash(editor, sample_codes):
    client, token, _ = client_with_form_token(editor)

    response = client.post(PREVIEW, {"text": ""}, headers={"X-CSRFToken": token})

    assert response.content.decode() == "—"


def test_a_post_without_the_token_is_refused(editor, sample_codes):
    client, _, _ = client_with_form_token(editor)

    assert client.post(PREVIEW, {"text": "x"}).status_code == 403


def test_only_post_is_answered(editor, sample_codes):
    client, _, _ = client_with_form_token(editor)

    response = client.get(PREVIEW)

    assert response.status_code == 405
    assert response["Allow"] == "POST"


def test_overlong_text_gets_a_clear_400(editor, sample_codes):
    client, token, _ = client_with_form_token(editor)

    response = client.post(
        PREVIEW, {"text": "가" * (MAX_PREVIEW_LENGTH + 1)}, headers={"X-CSRFToken": token}
    )

    assert response.status_code == 400
    assert "50000" in response.content.decode()


def test_anonymous_visitors_are_sent_to_the_login(db):
    response = Client().post(PREVIEW, {"text": "x"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("staff", [True, False])
def test_accounts_that_may_not_change_codes_are_refused(db, staff):
    user = User.objects.create_user("guest", password="pw-for-tests-only", is_staff=staff)
    client = Client()
    client.force_login(user)

    response = client.post(PREVIEW, {"text": "x"})

    # Staff without the change permission: 403; not staff at all: the admin's login page.
    assert response.status_code == (403 if staff else 302)
