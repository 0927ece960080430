"""Text lookups behave alike on SQLite and PostgreSQL (CI runs this module on both)."""

import pytest
from django.db.models import Q

from statuses.models import StatusCode


def search(term):
    matches = (
        Q(title_ko__icontains=term)
        | Q(summary_ko__icontains=term)
        | Q(iana_description__icontains=term)
        | Q(common_name__icontains=term)
    )
    return list(StatusCode.objects.filter(matches).values_list("code", flat=True))


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("찾을 수 없음", [404]),  # a whole Korean title
        ("수 없", [404]),  # part of one, across a space
        ("리소스를", [404]),  # a word inside a Korean sentence
        ("찻주전자", [418]),
        ("10 요약", [410]),  # digits and Hangul together
        ("not found", [404]),  # English, any case
        ("TEAPOT", [418]),
        ("없음없음", []),
    ],
)
def test_icontains_finds_korean_and_english_text(sample_codes, term, expected):
    assert search(term) == expected


def test_korean_text_round_trips_unchanged(sample_codes):
    sample_codes[404].title_ko = "찾을 수 없음 — 😀 ㄱㄴㄷ"
    sample_codes[404].save()

    assert StatusCode.objects.get(title_ko="찾을 수 없음 — 😀 ㄱㄴㄷ").code == 404
