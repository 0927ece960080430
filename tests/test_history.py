import re

import pytest
from django.urls import reverse

from statuses.editing.history import MAX_WORDS, word_diff
from statuses.models import LONG_TEXT_LIMIT, StatusCode, VendorUsage

from .forms import open_form, submit_form

pytestmark = pytest.mark.database

CHANGE_404 = reverse("admin:statuses_statuscode_change", args=[404])
HISTORY_404 = reverse("admin:statuses_statuscode_history", args=[404])


def edit_404(client, **changes):
    response = submit_form(client, CHANGE_404, changes)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_an_admin_edit_is_recorded_with_who_and_what(editor_client, editor, sample_codes):
    edit_404(editor_client, description_ko="고친 설명")

    record = StatusCode.history.filter(code=404).latest()
    assert record.history_user == editor
    assert record.history_type == "~"
    assert record.description_ko == "고친 설명"


def test_the_history_page_shows_a_readable_difference(editor_client, sample_codes):
    edit_404(editor_client, description_ko="고친 설명")

    html = editor_client.get(HISTORY_404).content.decode()

    changes = html.split('class="history-changes"')[1].split("</ul>")[0]
    assert (
        "<strong>설명 (한국어):</strong> "
        "<del>서버에 **해당 리소스**가 없습니다.</del><ins>고친 설명</ins>"
    ) in changes
    assert "<strong>버전:</strong>" not in html  # bookkeeping is left out of the difference
    assert "None" not in html.split('id="change-history"')[1]


def test_a_long_korean_change_is_shown_whole_word_by_word(editor_client, sample_codes):
    long_text = "이 코드는 " + "아주 긴 설명입니다. " * 30 + "끝."
    edit_404(editor_client, description_ko=long_text)
    edit_404(editor_client, description_ko=long_text.replace("끝.", "마지막 문장."))

    html = editor_client.get(HISTORY_404).content.decode()

    assert "chars]" not in html
    assert "아주 긴 설명입니다. <del>끝.</del><ins>마지막 문장.</ins>" in html
    assert html.count("아주 긴 설명입니다.") >= 30  # nothing cut out


def test_a_small_change_is_marked_word_by_word(editor_client, sample_codes):
    edit_404(editor_client, summary_ko="요청한 문서를 찾을 수 없습니다.")

    html = editor_client.get(HISTORY_404).content.decode()

    assert "요청한 <del>리소스를 </del><ins>문서를 </ins>찾을 수 없습니다." in html


def test_a_list_with_a_number_changed_on_every_line_is_marked_word_by_word(
    editor_client, sample_codes
):
    # The longest text allowed, in the shape that took difflib minutes: many lines alike.
    lines = [f"- 단계 {n}: {n * 7}초 기다립니다.\n" for n in range(400)]
    before = "".join(lines)[:LONG_TEXT_LIMIT]
    after = "".join(line.replace("초", "0초") for line in lines)[:LONG_TEXT_LIMIT]
    edit_404(editor_client, description_ko=before)
    edit_404(editor_client, description_ko=after)

    html = editor_client.get(HISTORY_404).content.decode()

    assert "- 단계 12: <del>84초 </del><ins>840초 </ins>기다립니다." in html
    assert html.count("<del>") > 300


def test_a_text_of_more_words_than_are_compared_is_shown_old_out_new_in():
    old = "a " * (MAX_WORDS + 1)
    new = "b " + old

    assert word_diff(old, new) == f"<del>{old}</del><ins>{new}</ins>"
    assert word_diff("a " * MAX_WORDS, "b " + "a " * (MAX_WORDS - 1)).startswith(
        "<del>a </del><ins>b </ins>a a "
    )


def test_one_entry_per_save_holding_the_related_codes(editor_client, sample_codes):
    before = StatusCode.history.filter(code=404).count()

    edit_404(editor_client, description_ko="고친 설명", related_codes=["410", "418"])

    entries = StatusCode.history.filter(code=404).order_by("history_id")
    assert entries.count() == before + 1
    saved = entries.last()
    assert sorted(link.to_statuscode_id for link in saved.related_codes.all()) == [410, 418]


def test_the_first_entry_of_a_code_added_in_the_admin_holds_its_related_codes(
    admin_client, sample_codes
):
    response = submit_form(
        admin_client,
        reverse("admin:statuses_statuscode_add"),
        {
            "code": "451",
            "title_ko": "법적 사유로 이용 불가",
            "summary_ko": "법적 요구로 막힌 리소스입니다.",
            "description_ko": "법적 사유로 제공할 수 없습니다.",
            "related_codes": ["404", "410"],
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    entries = StatusCode.history.filter(code=451)
    assert entries.count() == 1
    first = entries.get()
    assert sorted(link.to_statuscode_id for link in first.related_codes.all()) == [404, 410]


def test_revert_from_the_history_restores_the_text_and_links(editor_client, sample_codes):
    original = StatusCode.history.filter(code=404).latest()
    edit_404(editor_client, description_ko="고친 설명", related_codes=[418])
    revert_url = reverse("admin:statuses_statuscode_simple_history", args=[404, original.pk])

    # Click one: open the old version. Its form carries the current version, not the old one.
    form = open_form(editor_client, revert_url)
    assert form["version"] == str(StatusCode.objects.get(pk=404).version)
    assert sorted(form.getlist("related_codes")) == ["410", "499"]
    # Click two: "Revert".
    response = form.submit(editor_client)

    assert response.status_code == 302
    status = StatusCode.objects.get(pk=404)
    assert status.description_ko == "서버에 **해당 리소스**가 없습니다."
    assert set(status.related_codes.values_list("code", flat=True)) == {410, 499}
    assert status.version == 3


def test_a_revert_from_a_stale_page_is_a_conflict(editor_client, sample_codes):
    original = StatusCode.history.filter(code=404).latest()
    revert_url = reverse("admin:statuses_statuscode_simple_history", args=[404, original.pk])
    form = open_form(editor_client, revert_url)
    edit_404(editor_client, description_ko="그 사이에 고친 설명")

    response = form.submit(editor_client)

    assert response.status_code == 200
    assert "다른 사람이 저장했습니다" in response.content.decode()
    assert StatusCode.objects.get(pk=404).description_ko == "그 사이에 고친 설명"


def test_vendor_usage_and_class_changes_are_recorded(sample_codes, status_classes):
    usage = VendorUsage.objects.get(code=499)
    usage.name = "새 이름"
    usage.save()
    status_class = status_classes[3]
    status_class.summary_ko = "새 요약"
    status_class.save()

    assert usage.history.latest().name == "새 이름"
    assert status_class.history.latest().summary_ko == "새 요약"


def test_a_success_message_links_to_the_public_page(editor_client, sample_codes):
    response = edit_404(editor_client, description_ko="고친 설명")

    html = editor_client.get(response["Location"]).content.decode()

    public_url = reverse("statuses:detail", args=[404])
    assert re.search(rf'<a href="{public_url}">사이트에서 보기</a>', html)
