"""The search index: each code's fields as normalized words, kept in each process's memory.

Latin words are folded to one form (British spellings, plurals, -ed and -ing), Hangul is kept
as it is written, and descriptions are read without their Markdown syntax or URLs. The index is
built from the rows in two queries and rebuilt when the content version changes (the stamp
every save bumps, see ``caching.pages``); ``search.answers`` answers from it.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import frameworks
from ..caching.pages import per_content_version
from ..models import SEARCHED_FIELDS, StatusCode, VendorUsage, markdown_fields

# The fields of a code, by what a match in them says about it.
NAME, TITLE, KEYWORDS, HEADERS, SUMMARY, TEXT = (
    "name", "title", "keywords", "headers", "summary", "text"
)  # fmt: skip
# Fields whose words serve as the vocabulary for typo correction: words of the prose would
# turn every typo into some unrelated word.
TYPO_FIELDS = (NAME, TITLE, KEYWORDS, HEADERS, SUMMARY)

# Words that say "this is about HTTP status codes" and nothing about which one.
STOPWORDS = {
    "http", "https", "status", "code", "codes", "error", "errors", "response", "the", "a", "an",
    "is", "of", "what", "mean", "means", "meaning", "in", "on", "to", "for", "and", "or",
    "에러", "오류", "코드", "상태", "상태코드", "응답", "뜻", "의미", "무엇", "뭐",
}  # fmt: skip

# British spellings and a few variants, folded to one form on both sides.
SPELLINGS = {
    "behaviour": "behavior",
    "licence": "license",
    "cancelled": "canceled",
    "cancelling": "canceling",
    "colour": "color",
    "favour": "favor",
    "centre": "center",
    "catalogue": "catalog",
    "programme": "program",
    "whilst": "while",
    "timeout": "timeout",
}
BRITISH_ENDINGS = [
    ("isations", "izations"),
    ("isation", "ization"),
    ("ising", "izing"),
    ("ised", "ized"),
    ("ises", "izes"),
    ("ise", "ize"),
]

LATIN_OR_NUMBER = re.compile(r"[a-z0-9]+", re.ASCII)
HANGUL = re.compile(r"[\uac00-\ud7a3]+")
QUERY_TOKEN = re.compile(r"[a-z0-9]+|[\uac00-\ud7a3]+", re.ASCII | re.IGNORECASE)

# Markdown that is syntax, not text: link targets, bare URLs, list markers, emphasis, headings.
MARKDOWN_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\s]*\)")
AUTOLINK = re.compile(r"<https?://[^>\s]*>")
BARE_URL = re.compile(r"https?://\S+")
LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+]|\d+\.)[ \t]+", re.MULTILINE)
BLOCK_MARKER = re.compile(r"^[ \t]*(?:#{1,6}|>)[ \t]*", re.MULTILINE)
FENCE = re.compile(r"^[ \t]*(?:```|~~~)[^\n]*$", re.MULTILINE)
INLINE_MARKUP = re.compile(r"[`*_]+")


def plain_text(markdown):
    """The words of a Markdown text: no URLs, list markers, emphasis or code fences."""
    text = MARKDOWN_LINK.sub(r"\1", markdown or "")
    text = AUTOLINK.sub(" ", text)
    text = BARE_URL.sub(" ", text)
    text = FENCE.sub(" ", text)
    text = LIST_MARKER.sub("", text)
    text = BLOCK_MARKER.sub("", text)
    text = INLINE_MARKUP.sub("", text)
    return " ".join(text.split())


@lru_cache(maxsize=20_000)
def normalize(word):
    """One form for a Latin word and its British spelling, plural and -ed/-ing forms."""
    word = SPELLINGS.get(word, word)
    if word.isdigit() or len(word) <= 3:
        return word
    for british, american in BRITISH_ENDINGS:
        if word.endswith(british) and len(word) > len(british) + 2:
            word = word[: -len(british)] + american
            break
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiou":
                word = word[:-1]  # "cancelled" -> "cancel"
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]  # "expire", "expired", "expires" -> "expir"
    return word


def latin_words(text):
    return [normalize(word) for word in LATIN_OR_NUMBER.findall(text.lower().replace("'", ""))]


@dataclass
class FieldText:
    """One field of one code, ready for matching."""

    words: list  # normalized Latin words, in order
    hangul: str  # the Hangul runs, joined by spaces ("" when none)


def field_text(text):
    return FieldText(words=latin_words(text), hangul=" ".join(HANGUL.findall(text)))


@dataclass
class Entry:
    code: int
    fields: dict  # field name -> FieldText
    name_words: list  # the code's own name, normalized, for "404 not found"
    registered: bool  # registered codes win ties: they are what most readers look for
    prose: dict  # language -> plain text of the description, for excerpts


@dataclass
class Index:
    entries: dict  # code -> Entry
    vocabulary: set  # normalized Latin words of the TYPO_FIELDS
    vendor_codes: dict  # a vendor's own finer code ("403.14", "1020") -> the status it comes with


def build_index():
    """The index of every code, from two queries."""
    usages = {}
    vendor_codes = {}
    # Every Markdown field is searched, read without its syntax.
    code_markdown = markdown_fields(StatusCode)
    vendor_markdown = markdown_fields(VendorUsage)
    for usage in VendorUsage.objects.values(
        "code_id", "vendor", "vendor_code", "name", *vendor_markdown
    ):
        usages.setdefault(usage["code_id"], []).append(usage)
        if usage["vendor_code"]:
            vendor_codes.setdefault(usage["vendor_code"].lower(), usage["code_id"])
    entries = {}
    vocabulary = set()
    rows = StatusCode.objects.values(
        "code",
        *dict.fromkeys([*SEARCHED_FIELDS, *code_markdown]),
        "related_headers",
        "http_status_name",
        "registry_status",
    )
    for row in rows:
        own = usages.get(row["code"], [])
        name = row["common_name"] or row["iana_description"]
        names = [
            row["iana_description"],
            row["common_name"],
            row["former_names"],
            row["http_status_name"].replace("_", " "),
            *(usage["name"] for usage in own),
            *frameworks.search_names(row["code"]),
        ]
        prose_ko = plain_text(row["description_ko"])
        prose_en = plain_text(row["description_en"])
        vendor_prose = " ".join(
            " ".join([usage["vendor"], *(plain_text(usage[name]) for name in vendor_markdown)])
            for usage in own
        )
        prose = " ".join(plain_text(row[name]) for name in code_markdown)
        fields = {
            NAME: field_text(" , ".join(names)),
            TITLE: field_text(row["title_ko"]),
            KEYWORDS: field_text(f"{row['keywords_ko']} , {row['keywords_en']}"),
            HEADERS: field_text(row["related_headers"]),
            SUMMARY: field_text(f"{row['summary_ko']} {row['summary_en']}"),
            TEXT: field_text(f"{prose} {vendor_prose}"),
        }
        for typo_field in TYPO_FIELDS:
            vocabulary.update(word for word in fields[typo_field].words if not word.isdigit())
        entries[row["code"]] = Entry(
            code=row["code"],
            fields=fields,
            name_words=latin_words(name),
            registered=row["registry_status"] != StatusCode.RegistryStatus.UNREGISTERED,
            prose={"ko": prose_ko, "en": prose_en or prose_ko},
        )
    return Index(entries=entries, vocabulary=vocabulary, vendor_codes=vendor_codes)


# This process's index for the current content version (built on first use after a change).
get_index = per_content_version(build_index)
