"""Long texts have a limit that editors see in the admin, and the content fits it."""

import json
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from statuses.models import LONG_TEXT_LIMIT, StatusClass, StatusCode, VendorUsage

from .forms import submit_form

pytestmark = pytest.mark.database

CHANGE_404 = reverse("admin:statuses_statuscode_change", args=[404])


class Textareas(HTMLParser):
    """The attributes of every <textarea> on a page, by field name."""

    def __init__(self):
        super().__init__()
        self.fields = {}

    def handle_starttag(self, tag, attrs):
        if tag == "textarea":
            attributes = dict(attrs)
            self.fields[attributes["name"]] = attributes


def long_text_fields(model):
    return [f for f in model._meta.fields if f.get_internal_type() == "TextField"]


def test_every_long_text_field_has_the_limit():
    # Every model editors write in, the guides included (their history tables too).
    fields = [
        f for model in apps.get_app_config("statuses").get_models() for f in long_text_fields(model)
    ]

    assert len(fields) >= 10
    assert {field.max_length for field in fields} == {LONG_TEXT_LIMIT}


def test_the_change_form_shows_and_enforces_the_limit(editor_client, sample_codes):
    page = editor_client.get(CHANGE_404).content.decode()
    textareas = Textareas()
    textareas.feed(page)

    names = {field.name for field in long_text_fields(StatusCode)}
    assert names <= textareas.fields.keys()
    assert {textareas.fields[name]["maxlength"] for name in names} == {str(LONG_TEXT_LIMIT)}
    limited = [a for a in textareas.fields.values() if a.get("maxlength") == str(LONG_TEXT_LIMIT)]
    assert page.count("(10,000자 이내)") == len(limited)  # inline vendor usages included


def test_a_description_over_the_limit_is_refused(editor_client, sample_codes):
    response = submit_form(
        editor_client, CHANGE_404, {"description_ko": "가" * (LONG_TEXT_LIMIT + 1)}
    )

    assert response.status_code == 200
    assert "10000" in response.context["adminform"].form.errors["description_ko"][0]
    assert StatusCode.objects.get(pk=404).description_ko == sample_codes[404].description_ko


def test_the_content_fits_the_limits():
    models = {model._meta.label_lower: model for model in (StatusClass, StatusCode, VendorUsage)}
    too_long = []
    for fixture in sorted(settings.FIXTURE_DIR.glob("*.json")):
        for row in json.loads(fixture.read_text()):
            model = models.get(row["model"])
            for field in long_text_fields(model) if model else []:
                if len(row["fields"].get(field.name, "")) > field.max_length:
                    too_long.append((row["model"], row.get("pk"), field.name))

    assert too_long == []
