"""The Markdown preview follows the editor's typing, rendered by the site (Chromium)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from statuses.models import StatusCode

from .test_browser_editing import log_in

pytestmark = pytest.mark.browser

CHANGE_404 = reverse("admin:statuses_statuscode_change", args=[404])


def preview_of(page, field_id):
    return page.locator(f".markdown-field:has(#{field_id}) .markdown-preview-output")


def test_the_preview_shows_the_typed_text_before_saving(page, editor, sample_codes):
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    log_in(page, editor.username)
    page.goto(CHANGE_404)
    preview_ko = preview_of(page, "id_description_ko")
    expect(preview_ko.locator("strong")).to_have_text("해당 리소스")  # as saved

    page.locator("#id_description_ko").fill(
        "**새로 쓴** 설명\n\n- `Retry-After` 헤더\n- 둘째\n\n<script>window.injected = 1</script>"
    )

    expect(preview_ko.locator("strong")).to_have_text("새로 쓴")
    expect(preview_ko.locator("li code")).to_have_text("Retry-After")
    assert preview_ko.locator("script").count() == 0
    assert page.evaluate("window.injected") is None
    # The English preview follows its own field and is untouched.
    preview_en = preview_of(page, "id_description_en")
    expect(preview_en.locator("strong")).to_have_text("no such resource")
    # Nothing was saved, and the policy blocked nothing the preview needs.
    assert StatusCode.objects.get(pk=404).description_ko == "서버에 **해당 리소스**가 없습니다."
    assert [text for text in messages if "Content Security Policy" in text] == []


def test_emptying_the_text_empties_the_preview(page, editor, sample_codes):
    log_in(page, editor.username)
    page.goto(CHANGE_404)

    page.locator("#id_description_ko").fill("")

    expect(preview_of(page, "id_description_ko")).to_have_text("—")


def test_every_markdown_field_previews_as_typed_in_an_inline_row_added_too(
    page, editor, sample_codes
):
    log_in(page, editor.username)
    page.goto(CHANGE_404)

    page.locator("#id_django_notes_ko").fill("**노트**")
    expect(preview_of(page, "id_django_notes_ko").locator("strong")).to_have_text("노트")
    # A vendor meaning added on the page, after the script started.
    page.get_by_role("button", name="벤더 사용례 더 추가하기").click()
    page.locator("#id_vendor_usages-0-description_ko").fill("`nginx`가 보냅니다")
    expect(preview_of(page, "id_vendor_usages-0-description_ko").locator("code")).to_have_text(
        "nginx"
    )
