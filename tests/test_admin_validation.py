import re

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from statuses.models import StatusClass, StatusCode, VendorUsage

from .forms import open_form, submit_form

pytestmark = pytest.mark.database

CHANGE_404 = reverse("admin:statuses_statuscode_change", args=[404])


def errors_after_saving_404(client, sample_codes, **changes):
    response = submit_form(client, CHANGE_404, changes)
    assert response.status_code == 200, "the save should have been refused"
    return response.context["adminform"].form.errors


def test_an_overlong_title_is_refused(editor_client, sample_codes):
    errors = errors_after_saving_404(editor_client, sample_codes, title_ko="가" * 101)

    assert "100" in errors["title_ko"][0]


def test_a_code_related_to_itself_is_refused(editor_client, sample_codes):
    errors = errors_after_saving_404(editor_client, sample_codes, related_codes=[404, 410])

    assert errors["related_codes"] == [
        "코드는 자기 자신과 관련 코드가 될 수 없습니다. 목록에서 404 코드를 빼 주세요."
    ]


@pytest.mark.parametrize(
    "link", ["ftp://ftp.example.com/rfc9110.txt", "javascript:alert(1)", "file:///etc/passwd"]
)
def test_a_specification_link_must_be_http_or_https(editor_client, sample_codes, link):
    errors = errors_after_saving_404(editor_client, sample_codes, spec_url=link)

    assert errors["spec_url"] == ["http:// 또는 https://로 시작하는 웹 링크를 입력하세요."]
    assert StatusCode.objects.get(pk=404).spec_url.startswith("https://")


def test_a_vendor_source_link_must_be_http_or_https(editor_client, sample_codes):
    usage = VendorUsage.objects.get(code=499)
    url = reverse("admin:statuses_vendorusage_change", args=[usage.pk])

    response = submit_form(editor_client, url, {"source_url": "ftp://nginx.org/docs"})

    assert response.status_code == 200
    assert "source_url" in response.context["adminform"].form.errors


def test_the_class_is_set_from_the_code_when_validating(status_classes):
    status = StatusCode(code=451, status_class_id=2, title_ko="x", summary_ko="x")
    status.description_ko = "x"

    status.full_clean()

    assert status.status_class_id == 4


def test_the_database_refuses_a_class_that_disagrees_with_the_code(sample_codes):
    with pytest.raises(IntegrityError), transaction.atomic():
        StatusCode.objects.filter(pk=404).update(status_class=StatusClass.objects.get(pk=2))


def test_the_change_form_previews_the_saved_markdown(editor_client, sample_codes):
    html = editor_client.get(CHANGE_404).content.decode()

    assert (
        '<div class="markdown-preview"><p>서버에 <strong>해당 리소스</strong>가 없습니다.</p>'
        in html
    )


@pytest.mark.parametrize("model", [StatusClass, StatusCode, VendorUsage])
def test_every_editable_field_has_korean_help_text(model):
    fields = [
        field
        for field in model._meta.get_fields()
        if field.concrete and field.editable and not field.auto_created
    ]
    with translation.override("ko"):
        missing = [field.name for field in fields if not re.search("[가-힣]", str(field.help_text))]

    assert missing == []


def test_an_unchanged_text_keeps_its_line_ends_and_final_newline(editor_client, sample_codes):
    snippet = sample_codes[404].django_snippet
    form = open_form(editor_client, CHANGE_404)
    assert form["django_snippet"] == snippet.replace("\n", "\r\n")  # as a browser posts it

    form.submit(editor_client, {"title_ko": "다른 제목"})

    assert StatusCode.objects.get(pk=404).django_snippet == snippet


def test_an_edited_text_is_stored_with_unix_line_ends(editor_client, sample_codes):
    submit_form(editor_client, CHANGE_404, {"description_ko": "첫 줄\r\n\r\n- 목록"})

    assert StatusCode.objects.get(pk=404).description_ko == "첫 줄\n\n- 목록"


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("[MS-WDV](WebDAV-확장)", False),  # a relative path: no web address, no page of the site
        ("[스크립트](javascript:alert(1))", False),
        ("[없는 코드](/487/)", False),
        ("[410 코드](/410/) 와 [RFC](https://www.rfc-editor.org/rfc/rfc9110)", True),
    ],
)
def test_markdown_links_must_be_web_addresses_or_pages_of_the_site(
    editor_client, sample_codes, text, accepted
):
    response = submit_form(editor_client, CHANGE_404, {"description_en": text})

    assert response.status_code == (302 if accepted else 200)
    if not accepted:
        assert "description_en" in response.context["adminform"].form.errors
    assert (StatusCode.objects.get(pk=404).description_en == text) is accepted


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("[MS-WDV](WebDAV-확장)", "“WebDAV-확장”"),
        # cmark leaves a script's address out of the link; the message still names it.
        ("[누르세요](javascript:alert(1))", "“javascript:alert(1)”"),
        ("<JavaScript:void(0)>", "“JavaScript:void(0)”"),
        ("[FTP](ftp://ftp.example.com/rfc9110.txt)", "“ftp://ftp.example.com/rfc9110.txt”"),
    ],
)
def test_a_refused_link_is_named_as_the_editor_typed_it(editor_client, sample_codes, text, quoted):
    response = submit_form(editor_client, CHANGE_404, {"description_ko": text})

    assert quoted in response.context["adminform"].form.errors["description_ko"][0]


@pytest.mark.parametrize(
    ("model", "field"),
    [("guide", "body_ko"), ("guide", "body_en"), ("decisionstep", "help_ko")],
)
def test_the_link_rules_hold_in_every_markdown_field_the_guides_too(
    editor_client, content, model, field
):
    row = apps.get_model("statuses", model).objects.first()
    url = reverse(f"admin:statuses_{model}_change", args=[row.pk])

    response = submit_form(editor_client, url, {field: "[다른 사이트](//evil.example/)"})

    assert response.status_code == 200, "the save should have been refused"
    assert "“//evil.example/”" in response.context["adminform"].form.errors[field][0]
    row.refresh_from_db()
    assert "evil.example" not in getattr(row, field)
