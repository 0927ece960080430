"""The live preview's endpoint: the site's renderer, for staff who may change the model only."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from statuses.admin.preview import MAX_PREVIEW_LENGTH
from statuses.models import CONTENT_MODELS, markdown_fields

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


class Previews(HTMLParser):
    """The names of the Markdown textareas, each with whether a preview box follows it."""

    def __init__(self):
        super().__init__()
        self.fields, self.last = {}, None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "textarea" and "data-markdown" in attributes:
            self.last = attributes["name"]
            self.fields[self.last] = False
        elif self.last and "markdown-preview-output" in (attributes.get("class") or ""):
            self.fields[self.last], self.last = True, None


MODELS_WITH_MARKDOWN = [model for model in CONTENT_MODELS if markdown_fields(model)]


@pytest.mark.parametrize("model", MODELS_WITH_MARKDOWN, ids=lambda model: model.__name__)
def test_every_markdown_field_has_its_preview_under_it(admin_client, content, model):
    row = model.objects.first()
    opts = model._meta
    html = admin_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row.pk])
    ).content.decode()
    previews = Previews()
    previews.feed(html)

    # The model's own fields, and those of the inline rows it shows (vendor usages on a code).
    inlines = admin.site._registry[model].inlines
    expected = set(markdown_fields(model))
    for inline in inlines:
        expected |= {f"-{name}" for name in markdown_fields(inline.model)}
    found = {name if "-" not in name else f"-{name.rsplit('-', 1)[1]}" for name in previews.fields}
    assert expected <= found
    assert all(previews.fields.values())


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
