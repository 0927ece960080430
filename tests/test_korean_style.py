"""Every Korean text in the content fixtures follows docs/style-ko.md where a machine can tell."""

import json
import re

import pytest
from django.conf import settings

HANGUL = re.compile("[가-힣]")

# Forms the style guide bans outright, with what to write instead.
BANNED = {
    "당신": "address the reader without a pronoun (or name the role: 클라이언트, 운영자)",
    "십시오": "-세요 for advice",
    "십시요": "-세요 for advice",
}

# One term per concept: variant spellings and the term the guide chose.
VARIANT_TERMS = {
    r"원본 ?서버|(?<![가-힣])원 서버|출처 서버|근원 서버": "오리진 서버",
    r"전제 ?조건|선행 ?조건|사전조건": "사전 조건",
    r"권한 ?있는 응답": "권위 있는 응답 (authoritative response)",
    r"리프레젠테이션|레프리젠테이션|표상": "표현 (representation)",
    r"중간자 프록시|중계 서버": "중개자 / 프록시",
}

# A number read in Sino-Korean ends in a vowel when its last digit is 2, 4, 5 or 9 (이, 사,
# 오, 구); otherwise in a consonant, and in ㄹ for 1, 7, 8 (일, 칠, 팔), which takes 로.
NUMBER_PARTICLE = re.compile(
    r"(?<![A-Za-z\d.])(\d+(?:\.\d+)?)`?(은|는|이|가|을|를|과|와|으로|로)(?![가-힣])"
)
AFTER_VOWEL = {"는", "가", "를", "와", "로"}
AFTER_CONSONANT = {"은", "이", "을", "과", "으로"}

# Sentence endings outside code, quotes and parentheses: polite declarative (-ㅂ니다) or -세요.
QUOTED_OR_CODE = re.compile(
    r"```.*?```|`[^`]*`|\"[^\"\n]*\"|'[^'\n]*'|“[^”]*”|‘[^’]*’|\([^()\n]*\)", re.DOTALL
)
PLAIN_ENDING = re.compile(r"[가-힣]*(?:다|라|자|냐|요)[.!?](?=\s|$)")


def particle_fits(number, particle):
    last = number[-1]
    if particle in AFTER_VOWEL - {"로"}:
        return last in "2459"
    if particle in AFTER_CONSONANT - {"으로"}:
        return last not in "2459"
    if particle == "으로":
        return last in "036"
    return last in "2459178"  # 로


def korean_texts():
    for path in sorted(settings.FIXTURE_DIR.glob("*.json")):
        for row in json.loads(path.read_text(encoding="utf-8")):
            identity = row.get("pk") or "/".join(
                str(value) for value in list(row["fields"].values())[:3]
            )
            for field, value in row["fields"].items():
                if isinstance(value, str) and HANGUL.search(value):
                    yield f"{path.name} {identity} {field}", value


TEXTS = list(korean_texts())


def test_the_fixtures_hold_korean_text():
    assert len(TEXTS) > 500


@pytest.mark.parametrize("word", sorted(BANNED))
def test_banned_forms_never_appear(word):
    found = [where for where, text in TEXTS if word in text]
    assert found == [], f"{word!r}: {BANNED[word]}"


@pytest.mark.parametrize("pattern", sorted(VARIANT_TERMS))
def test_one_term_per_concept(pattern):
    # Search keywords are the words people type, not prose: a variant there (Korean writing on
    # Cloudflare's 52x says 원본 서버) is what lets the search find the code.
    found = [
        (where, match[0])
        for where, text in TEXTS
        if " keywords_" not in where
        for match in re.finditer(pattern, text)
    ]
    assert found == [], f"write {VARIANT_TERMS[pattern]}"


def test_particles_after_numbers_follow_the_korean_reading():
    wrong = [
        (where, match[0])
        for where, text in TEXTS
        for match in NUMBER_PARTICLE.finditer(text)
        if not particle_fits(match[1], match[2])
    ]
    assert wrong == []


def test_sentences_end_in_the_polite_declarative():
    plain = [
        (where, match[0])
        for where, text in TEXTS
        for match in PLAIN_ENDING.finditer(QUOTED_OR_CODE.sub(" ", text))
        if not match[0].endswith(("니다.", "세요.", "니다!", "세요!", "니다?", "세요?"))
    ]
    assert plain == []


@pytest.mark.parametrize(
    ("number", "particle", "fits"),
    [
        ("404", "는", True),
        ("404", "은", False),
        ("403", "은", True),
        ("500", "을", True),
        ("502", "를", True),
        ("401", "로", True),
        ("401", "으로", False),
        ("303", "으로", True),
        ("403.14", "는", True),
        ("1020", "은", True),
    ],
)
def test_the_particle_rule_itself(number, particle, fits):
    assert particle_fits(number, particle) is fits
