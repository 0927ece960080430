"""What a code page says about caching is what the caching guide's table says: one source.

The caching guide's table (``cache-default``) holds, per code, what the RFCs say and what each
cache and browser does with a response carrying no caching header, measured or cited. A code
page shows that row (its "reused with no caching header" line), its "cacheable by default" flag
must be the RFC cell, and every sentence of its prose that makes a caching claim is checked
against the row of each code the sentence names (the page's own code when it names none):

- "cacheable by default" / "기본적으로 캐시 가능": the RFC cell says yes;
- "not cacheable by default" / "기본적으로 캐시되지 않": the RFC cell does not say yes;
- "must not be stored" / "저장하면 안 됩니다(MUST NOT)": the RFC cell says never;
- any other claim that nothing stores it ("caches do not store", "not cached unless", "명시했을
  때만 캐시"): no row of the table stores it; such a claim that names the RFC is held to the RFC
  cell instead.

A comparison label ("`301` vs `302`:") opening a sentence is not part of the claim.
"""

import re

import pytest
from django.urls import reverse

from statuses.models import GuideFact, StatusCode

pytestmark = pytest.mark.django_db

NOT_CACHEABLE = re.compile(
    r"not cacheable by default|not heuristically cacheable|not cached by default"
    r"|기본적으로 캐시되지 않|기본 캐시 대상(?:이|은|도) 아니|기본적으로 캐시 가능한 코드가 아니"
)
CACHEABLE = re.compile(
    r"cacheable by default|heuristically cacheable|기본적으로 캐시(?: 가능|할 수 있|됩니다|되지만)"
)
MUST_NOT = re.compile(r"must not be stored|MUST NOT be stored|forbids caching|저장하면 안 됩니다")
NOTHING_STORES = re.compile(
    r"caches? (?:do|does|will) not store|never (?:be )?(?:cached|stored)|not cached unless"
    r"|(?:keep|store|cache)s? it only (?:if|with|when)|명시했을 때만 (?:캐시|저장)"
    r"|없으면 (?:\S+ ){0,2}저장되지 않|캐시되지 않고",
    re.IGNORECASE,
)
LABEL = re.compile(r"^\s*(?:- )?\**`?\d{3}`?\**\s+vs\.?\s+[^:]{0,40}:\**\s*")
CODE = re.compile(r"(?<![\d.,])([1-5]\d\d)(?![\d,])")
PROSE_FIELDS = ["summary", "description", "django_notes", "deprecation_note"]


@pytest.fixture
def table(content):
    """{code: {subject: fact}} of the caching guide's table, and the documented codes."""
    rows = {}
    for fact in GuideFact.objects.filter(table=GuideFact.Table.CACHE_DEFAULT):
        rows.setdefault(fact.code_id, {})[fact.subject] = fact
    return rows, set(StatusCode.objects.values_list("code", flat=True))


def sentences(text):
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        yield LABEL.sub("", sentence)


def claims(status):
    """(field, sentence, kind) for each caching claim in the page's prose."""
    for name in PROSE_FIELDS:
        for language in ("ko", "en"):
            for sentence in sentences(getattr(status, f"{name}_{language}")):
                for kind in sentence_claims(sentence):
                    yield f"{name}_{language}", sentence, kind


def sentence_claims(sentence):
    if NOT_CACHEABLE.search(sentence):
        yield "not cacheable by default"
    elif CACHEABLE.search(sentence):
        yield "cacheable by default"
    if MUST_NOT.search(sentence):
        yield "must not be stored"
    if NOTHING_STORES.search(sentence):
        yield "RFC: only with explicit freshness" if "RFC" in sentence else "nothing stores it"


def wrong_claim(kind, row):
    """Why the row contradicts the claim, or None."""
    if row is None:
        if kind in {"cacheable by default", "must not be stored", "nothing stores it"}:
            return "the code is not in the caching guide's table"
        return None  # not in the table: not heuristically cacheable (checked below)
    rfc = row["RFC"].value
    if kind == "cacheable by default" and rfc != "yes":
        return f"the RFC cell says {rfc}"
    if kind in {"not cacheable by default", "RFC: only with explicit freshness"} and rfc == "yes":
        return "the RFC cell says yes"
    if kind == "must not be stored" and rfc != "never":
        return f"the RFC cell says {rfc}"
    if kind == "nothing stores it":
        storing = [s for s, fact in row.items() if s != "RFC" and fact.value == "yes"]
        if storing:
            return "stored by " + ", ".join(storing)
    return None


def test_the_table_lists_every_code_that_is_cacheable_by_default_or_must_never_be_stored(table):
    rows, _ = table
    flagged = set(StatusCode.objects.filter(cacheable_by_default=True).values_list("code", flat=1))
    assert {code for code, row in rows.items() if row["RFC"].value == "yes"} == flagged
    never = {code for code, row in rows.items() if row["RFC"].value == "never"}
    assert never == {428, 429, 431, 511}  # RFC 6585: "MUST NOT be stored by a cache"


def test_each_code_pages_prose_agrees_with_the_caching_guide(table):
    rows, codes = table
    wrong = []
    for status in StatusCode.objects.all():
        for field, sentence, kind in claims(status):
            named = [int(number) for number in CODE.findall(sentence) if int(number) in codes]
            for code in named or [status.code]:
                if problem := wrong_claim(kind, rows.get(code)):
                    wrong.append(
                        f"{status.code} {field}, on {code}: {kind}, but {problem}: {sentence}"
                    )
    assert not wrong, "\n".join(wrong)


def test_a_must_not_store_codes_page_says_so_in_both_languages(table):
    rows, _ = table
    for code, row in rows.items():
        if row["RFC"].value == "never":
            status = StatusCode.objects.get(code=code)
            kinds = {(field[-2:], kind) for field, _, kind in claims(status)}
            assert {("ko", "must not be stored"), ("en", "must not be stored")} <= kinds, code


def test_the_claims_are_recognised_in_both_languages(table):
    found = {kind for status in StatusCode.objects.all() for _, _, kind in claims(status)}
    assert found == {
        "cacheable by default",
        "not cacheable by default",
        "must not be stored",
        "nothing stores it",
        "RFC: only with explicit freshness",
    }


@pytest.mark.parametrize("code", [200, 302, 404, 410, 429, 451])
def test_each_code_page_shows_its_row_of_the_caching_guide(client, table, code):
    rows, _ = table
    html = client.get(reverse("statuses:detail", args=[code])).content.decode()
    line = html.split('class="reused-by">', 1)[1].split("</dd>", 1)[0]
    shown = dict(re.findall(r'<span class="(reused|not-reused)">(.*?)</span>', line))
    for kind, wanted in [("reused", {"yes"}), ("not-reused", {"no", "never"})]:
        # A Korean page names a row by its Korean label where it has one.
        subjects = [
            fact.subject_ko or subject
            for subject, fact in rows[code].items()
            if subject != "RFC" and fact.value in wanted
        ]
        assert bool(subjects) == (kind in shown), kind
        assert all(subject in shown.get(kind, "") for subject in subjects), (kind, subjects)
    assert f'href="/guides/caching/#cache-default-{code}"' in line
    flag = html.split("<dt>기본적으로 캐시 가능</dt><dd>", 1)[1].split("</dd>", 1)[0]
    assert flag == ("예" if rows[code]["RFC"].value == "yes" else "아니요")


def test_a_code_outside_the_table_has_no_caching_line(client, table):
    rows, _ = table
    assert 418 not in rows
    html = client.get(reverse("statuses:detail", args=[418])).content.decode()
    assert 'class="reused-by"' not in html and "#cache-default-418" not in html
