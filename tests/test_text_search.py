"""Search finds Korean and English text alike on SQLite and PostgreSQL (CI runs this module on
both), through both doors: the admin's code list (the database's own text matching) and the
site's search (its index, read from the database)."""

import re

import pytest
from django.urls import reverse

from statuses import search
from statuses.models import StatusCode

pytestmark = pytest.mark.database

# A term, and the code it finds: the admin lists only that code, the site ranks it first.
FINDS = {
    "찾을 수 없음": 404,  # a whole Korean title
    "수 없": 404,  # part of one, across a space
    "리소스를": 404,  # a word inside a Korean sentence
    "찻주전자": 418,
    "not found": 404,  # English, any case
    "TEAPOT": 418,
}
NOTHING = "없음없음"


def admin_search(client, term):
    html = client.get(reverse("admin:statuses_statuscode_changelist"), {"q": term}).content
    change_link = re.compile(r'href="/[^"]*/statuses/statuscode/([0-9]+)/change/')
    return sorted({int(code) for code in change_link.findall(html.decode())})


@pytest.mark.parametrize(("term", "code"), FINDS.items(), ids=list(FINDS))
def test_the_admin_search_finds_korean_and_english_text(admin_client, sample_codes, term, code):
    assert admin_search(admin_client, term) == [code]


@pytest.mark.parametrize(("term", "code"), FINDS.items(), ids=list(FINDS))
def test_the_site_search_ranks_the_code_first(sample_codes, term, code):
    assert search.answer(term).codes[0] == code


def test_a_term_no_text_holds_finds_nothing_in_either(admin_client, sample_codes):
    assert admin_search(admin_client, NOTHING) == []
    assert search.answer(NOTHING).codes == []


def test_digits_and_hangul_together_match_in_the_admin(admin_client, sample_codes):
    assert admin_search(admin_client, "10 요약") == [410]


def test_korean_text_round_trips_unchanged(sample_codes):
    sample_codes[404].title_ko = "찾을 수 없음 — 😀 ㄱㄴㄷ"
    sample_codes[404].save()

    assert StatusCode.objects.get(title_ko="찾을 수 없음 — 😀 ㄱㄴㄷ").code == 404


def test_the_site_search_reads_every_markdown_field_without_its_syntax(client, sample_codes):
    StatusCode.objects.filter(pk=410).update(
        django_notes_en="Send it with [HttpResponseGone](https://docs.djangoproject.com/gonezz/)."
    )

    assert search.answer("httpresponsegone").codes == [410]
    assert search.answer("gonezz").codes == []  # a link's address is no text of the page
