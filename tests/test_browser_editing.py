"""An editor's day in a real browser: edit, see it live, revert it, and meet a conflict."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from statuses.models import CodeComparison, StatusCode, VendorUsage

from .conftest import EDITOR_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.database]

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
    changes = rows.first.locator(".history-changes")  # the difference, readable
    expect(changes.locator("del")).to_have_text(ORIGINAL.replace("해당 리소스", "**해당 리소스**"))
    expect(changes.locator("ins")).to_have_text("브라우저에서 **고친** 설명")
    rows.last.get_by_role("link").click()  # the version it was created with
    page.get_by_role("button", name="되돌리기").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(reverse("statuses:detail", args=[404]))
    expect(page.locator(".prose").first).to_contain_text(ORIGINAL)


def test_the_second_of_two_editors_is_refused_and_keeps_their_text(
    chromium, live_server, transactional_db, editor, sample_codes
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


def test_an_editors_day(page, editor, content):
    """Add a vendor meaning, edit a comparison, delete and restore a vendor usage, and revert a
    code to its first history entry with its related codes intact."""
    log_in(page, editor.username)

    # A vendor meaning, on its own add page; the code is picked with the autocomplete.
    page.goto(reverse("admin:statuses_vendorusage_add"))
    page.locator("#id_code + .select2 .select2-selection").click()
    page.locator(".select2-search__field").fill("404")
    page.locator(".select2-results__option", has_text="404").first.click()
    page.locator("#id_vendor").fill("IIS")
    page.locator("#id_name").fill("Not Found")
    page.locator("#id_description_ko").fill(
        "IIS는 404 뒤에 `404.3` 같은 하위 코드를 붙여 로그에 남깁니다."
    )
    page.locator("#id_source_url").fill(
        "https://learn.microsoft.com/troubleshoot/developer/webapps/iis/"
    )
    save(page)
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert VendorUsage.objects.filter(code=404, vendor="IIS").exists()

    # A comparison: prose shown under "related codes" on both codes' pages.
    comparison = CodeComparison.objects.get(first=401, second=403)
    page.goto(reverse("admin:statuses_codecomparison_change", args=[comparison.pk]))
    page.locator("#id_note_ko").fill(
        "401은 누구인지 모른다는 뜻이고, 403은 알지만 허락하지 않는다는 뜻입니다."
    )
    save(page)
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.goto(reverse("statuses:detail", args=[401]))
    expect(page.locator("body")).to_contain_text("403은 알지만 허락하지 않는다는 뜻입니다.")

    # Delete a vendor usage, then bring it back from the deleted rows.
    usage = VendorUsage.objects.get(code=444, vendor="nginx")
    page.goto(reverse("admin:statuses_vendorusage_change", args=[usage.pk]))
    page.locator("a.deletelink").click()
    page.locator("#content input[type=submit]").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert not VendorUsage.objects.filter(pk=usage.pk).exists()
    page.get_by_role("link", name="삭제된 항목 복구").click()
    page.locator("#deleted-rows a").first.click()
    page.get_by_role("button", name="되돌리기").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    restored = VendorUsage.objects.get(pk=usage.pk)
    assert restored.description_ko == usage.description_ko

    # Change 404's text and related codes, then revert it to its first history entry.
    original = StatusCode.objects.get(pk=404)
    related = sorted(original.related_codes.values_list("code", flat=True))
    page.goto(CHANGE_404)
    page.locator("#id_description_ko").fill("잘못 고친 설명")
    page.locator("#id_related_codes_to").select_option(str(related[0]))
    page.locator("#id_related_codes_remove").click()
    save(page)
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert StatusCode.objects.get(pk=404).related_codes.count() == len(related) - 1

    page.goto(HISTORY_404)
    page.locator("#change-history tbody tr").last.get_by_role("link").click()
    page.get_by_role("button", name="되돌리기").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    reverted = StatusCode.objects.get(pk=404)
    assert reverted.description_ko == original.description_ko
    assert sorted(reverted.related_codes.values_list("code", flat=True)) == related
