"""Every Korean text of the site follows docs/style-ko.md where a machine can tell.

The texts are the content fixtures and the interface's Korean catalogue (locale/ko). The
glossary is read from the style guide itself, so the guide and the check cannot drift apart.
"""

import gettext
import json
import re
from collections import Counter

import pytest
from django.conf import settings

HANGUL = re.compile("[가-힣]")
STYLE_GUIDE = settings.BASE_DIR / "docs" / "style-ko.md"
CATALOGUE = settings.BASE_DIR / "locale" / "ko" / "LC_MESSAGES" / "django.mo"

# Forms the style guide bans outright, with what to write instead.
BANNED = {
    "당신": "address the reader without a pronoun (or name the role: 클라이언트, 운영자)",
    "십시오": "-세요 for advice",
    "십시요": "-세요 for advice",
}


def glossary():
    """{variant pattern: the term to write}, from the checked rows of the guide's glossary."""
    text = STYLE_GUIDE.read_text(encoding="utf-8")
    section = text.split("\n## 2.", 1)[1].split("\n## ", 1)[0]
    variants = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[3] != "예":
            continue
        for item in cells[2].split(", "):
            if item.startswith("`") and item.endswith("`"):
                pattern = item.strip("`")
            else:
                pattern = "(?<![가-힣])" + re.escape(item)
            variants[pattern] = cells[1]
    return variants


VARIANT_TERMS = glossary()

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
# A program's message quoted as it prints it: "리디렉션한 횟수가 너무 많습니다".
QUOTED_MESSAGE = re.compile(r'"[^"\n]*"')
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
    with CATALOGUE.open("rb") as catalogue:
        messages = gettext.GNUTranslations(catalogue)._catalog
    for message, translation in messages.items():
        if isinstance(translation, str) and HANGUL.search(translation):
            yield f"locale/ko {message!r}", translation


TEXTS = list(korean_texts())


def test_the_fixtures_and_the_catalogue_hold_korean_text():
    assert sum(where.startswith("locale/ko") for where, _ in TEXTS) > 300
    assert len(TEXTS) > 800


def test_the_glossary_is_read_from_the_style_guide():
    assert len(VARIANT_TERMS) > 40
    assert VARIANT_TERMS["(?<![가-힣])인증\\ 정보"] == "자격 증명"


@pytest.mark.parametrize("word", sorted(BANNED))
def test_banned_forms_never_appear(word):
    found = [where for where, text in TEXTS if word in text]
    assert found == [], f"{word!r}: {BANNED[word]}"


@pytest.mark.parametrize("pattern", sorted(VARIANT_TERMS))
def test_one_term_per_concept(pattern):
    # Search keywords are the words people type, not prose: a variant there (Korean writing on
    # Cloudflare's 52x says 원본 서버) is what lets the search find the code. So is a program's
    # own message, quoted as it prints it (Chrome's "리디렉션한 횟수가 너무 많습니다").
    found = [
        (where, match[0])
        for where, text in TEXTS
        if " keywords_" not in where
        for match in re.finditer(pattern, QUOTED_MESSAGE.sub('""', text))
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


# RFC requirement levels (docs/style-ko.md, section 5): the words just before "(SHOULD)" must be
# a SHOULD form, and never a MUST form; likewise for each level.
MUST = r"야 (?:합니다|하고|하며|한다)|반드시|필수"
MUST_NOT = r"(?:안|못) (?:됩니다|되고|되며|된다)|금지"
SHOULD = r"좋습니다|좋고|좋으며|좋다|권장됩니다|권장되고|권장하|권합니다|권하고|권고|바람직"
SHOULD_NOT = r"않는 (?:것이|편이) 좋|권장되지 않|피하는 것이 좋"
MAY = r"수 있습니다|수 있고|수 있으며|수 있다|도 됩니다|도 되고|도 된다"
LEVELS = {
    "MUST": (MUST, [SHOULD, SHOULD_NOT, MAY]),
    "MUST NOT": (MUST_NOT, [SHOULD, SHOULD_NOT, MAY]),
    "SHOULD": (SHOULD, [MUST, MUST_NOT]),
    "SHOULD NOT": (SHOULD_NOT, [MUST, MUST_NOT]),
    "MAY": (MAY, [MUST, MUST_NOT]),
}
SYNONYMS = {"REQUIRED": "MUST", "SHALL": "MUST", "SHALL NOT": "MUST NOT"}
SYNONYMS |= {"RECOMMENDED": "SHOULD", "NOT RECOMMENDED": "SHOULD NOT", "OPTIONAL": "MAY"}
LEVEL_TAG = re.compile(
    r"\((NOT RECOMMENDED|MUST NOT|SHALL NOT|SHOULD NOT|MUST|SHALL|SHOULD|MAY|REQUIRED"
    r"|RECOMMENDED|OPTIONAL)\b"
)


def clause_before(text, end):
    """The words of the clause that a requirement tag closes (up to 40 characters)."""
    before = re.split(r"[.!?:\n]\s|\),?\s", text[:end])[-1]
    return before.rstrip("* ")[-40:]


def wrong_level(level, clause):
    form, others = LEVELS[SYNONYMS.get(level, level)]
    if not re.search(form, clause):
        return f"no {level} form"
    clash = [other for other in others if re.search(other, clause)]
    return f"uses another level's form ({clash[0]})" if clash else None


def test_rfc_requirement_levels_are_rendered_at_their_own_strength():
    wrong = [
        (where, level[1], clause, problem)
        for where, text in TEXTS
        for level in LEVEL_TAG.finditer(text)
        for clause in [clause_before(text, level.start())]
        if (problem := wrong_level(level[1], clause))
    ]
    assert wrong == []


ENGLISH_LEVEL = re.compile(
    r"\b(NOT RECOMMENDED|MUST NOT|SHALL NOT|SHOULD NOT|MUST|SHALL|SHOULD|MAY|REQUIRED"
    r"|RECOMMENDED|OPTIONAL)\b"
)


def levels(pattern, text):
    return Counter(SYNONYMS.get(level, level) for level in pattern.findall(text))


def test_every_requirement_level_of_the_english_is_tagged_in_the_korean():
    # The check above reads only tagged clauses: an English SHOULD whose Korean has no tag (and
    # so may say 해야 합니다) would pass it. So each level the English names is tagged in Korean.
    untagged = []
    for path in sorted(settings.FIXTURE_DIR.glob("*.json")):
        for row in json.loads(path.read_text(encoding="utf-8")):
            for field, english in row["fields"].items():
                korean = row["fields"].get(field.removesuffix("_en") + "_ko")
                # A note kept verbatim ("RFC 6585: MUST NOT") names its level as the English does.
                if not field.endswith("_en") or not isinstance(korean, str) or korean == english:
                    continue
                missing = levels(ENGLISH_LEVEL, english) - levels(LEVEL_TAG, korean)
                if missing:
                    untagged.append((path.name, row.get("pk"), field, sorted(missing)))
    assert untagged == []


@pytest.mark.parametrize(
    ("level", "clause", "wrong"),
    [
        ("SHOULD", "서버는 새 주소를 `Location` 헤더에 넣어야 하고", True),
        ("SHOULD", "`Location` 헤더에 넣는 것이 좋습니다", False),
        ("SHOULD NOT", "서버는 이 경우가 아니면 425를 보내면 안 됩니다", True),
        ("SHOULD NOT", "511을 만들지 않는 것이 좋습니다", False),
        ("MUST NOT", "캐시에 저장하면 안 됩니다", False),
        ("MUST NOT", "캐시에 저장하지 않는 것이 좋습니다", True),
        ("MUST", "`Upgrade` 헤더로 반드시 밝혀야 합니다", False),
        ("MAY", "`Retry-After`로 알려 줄 수 있습니다", False),
    ],
)
def test_the_requirement_level_rule_itself(level, clause, wrong):
    assert bool(wrong_level(level, clause)) is wrong


@pytest.mark.parametrize(
    ("number", "fits", "does_not_fit"),
    [
        ("404", "는", "은"),
        ("403", "은", "는"),
        ("500", "을", "를"),
        ("502", "를", "을"),
        ("401", "로", "으로"),
        ("303", "으로", "로"),
        ("403.14", "는", "은"),
        ("1020", "은", "는"),
    ],
)
def test_the_particle_rule_itself(number, fits, does_not_fit):
    assert particle_fits(number, fits) is True
    assert particle_fits(number, does_not_fit) is False
