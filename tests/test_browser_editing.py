"""An editor's day in a real browser: edit, see it live, revert it, and meet a conflict."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from statuses.models import StatusCode

from .conftest import EDITOR_PASSWORD

pytestmark = pytest.mark.browser

CHANGE_404 = reverse("admin:statuses_statuscode_change", args=[404])
HISTORY_404 = reverse("admin:statuses_statuscode_history", args=[404])
ORIGINAL = "서버에 해당 리소스가 없습니다."


def log_in(page, username):
    page.goto(reverse("admin:login"))
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(EDITOR_PASSWORD)
    page.locator("input[type=submit]").click()
    expect(page.locator("#user-tools")).to_contain_text(username)


def save(page):
    page.locator("input[name=_save]").click()


def test_edit_see_it_on_the_site_then_revert_it(page, editor, sample_codes):
    log_in(page, editor.username)

    page.goto(CHANGE_404)
    page.locator("#id_description_ko").fill("브라우저에서 **고친** 설명")
    save(page)
    message = page.locator(".messagelist .success")
    expect(message).to_contain_text("변경되었습니다")

    message.get_by_role("link", name="사이트에서 보기").click()
    expect(page.locator(".prose").first).to_contain_text("브라우저에서 고친 설명")

    page.goto(HISTORY_404)
    rows = page.locator("#change-history tbody tr")
    expect(rows.first).to_contain_text("브라우저에서 **고친** 설명")  # the difference, readable
    rows.last.get_by_role("link").click()  # the version it was created with
    page.get_by_role("button", name="되돌리기").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(reverse("statuses:detail", args=[404]))
    expect(page.locator(".prose").first).to_contain_text(ORIGINAL)


def test_the_second_of_two_editors_is_refused_and_keeps_their_text(
    chromium, live_server, editor, sample_codes
):
    pages = []
    for _ in range(2):
        context = chromium.new_context(base_url=live_server.url)
        pages.append(context.new_page())
    first, second = pages
    try:
        for page in pages:
            log_in(page, editor.username)
            page.goto(CHANGE_404)

        first.locator("#id_description_ko").fill("첫 번째 편집자의 설명")
        save(first)
        expect(first.locator(".messagelist .success")).to_be_visible()

        second.locator("#id_description_ko").fill("두 번째 편집자의 설명")
        save(second)

        errors = second.locator(".errorlist.nonfield")
        expect(errors).to_contain_text("다른 사람이 저장했습니다")
        expect(errors.locator(".conflict-changes")).to_contain_text("첫 번째 편집자의 설명")
        expect(second.locator("#id_description_ko")).to_have_value("두 번째 편집자의 설명")
    finally:
        for page in pages:
            page.context.close()

    assert StatusCode.objects.get(pk=404).description_ko == "첫 번째 편집자의 설명"
