"""The search index: each code's and guide's fields as normalized words, kept in each
process's memory.

Latin words are folded to one form (British spellings, plurals, -ed and -ing), Hangul is kept
as it is written, and descriptions are read without their Markdown syntax or URLs. The index is
built from the rows in three queries and rebuilt when the content version changes (the stamp
every save bumps, see ``caching.page_cache``); ``search.answers`` answers from it.
"""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .. import frameworks
from ..caching.page_cache import per_content_version
from ..markup.markdown import plain_text
from ..models import SEARCHED_FIELDS, Guide, StatusCode, VendorUsage, comma_list, markdown_fields
from . import hangul

# The fields of a code, by what a match in them says about it: its own names, its Korean title,
# the names vendors give it, its keywords, related header fields, summary, description.
NAME, TITLE, VENDOR, KEYWORDS, HEADERS, SUMMARY, TEXT = (
    "name", "title", "vendor", "keywords", "headers", "summary", "text"
)  # fmt: skip
# Fields whose words serve as the vocabulary for typo correction and for words typed without
# their spaces: words of the prose would turn every typo into some unrelated word.
TYPO_FIELDS = (NAME, TITLE, VENDOR, KEYWORDS, HEADERS, SUMMARY)
# Fields whose comma-separated items are phrases a query may spell out whole.
PHRASE_FIELDS = (NAME, TITLE, VENDOR, KEYWORDS)

# Words that say "this is about HTTP status codes" and nothing about which one.
STOPWORDS = {
    "http", "https", "status", "code", "codes", "error", "errors", "response", "the", "a", "an",
    "is", "of", "what", "mean", "means", "meaning", "in", "on", "to", "for", "and", "or",
    "was", "were", "are", "be", "been", "being", "am", "it", "its", "my", "i", "me", "this",
    "that", "with", "from", "by", "at", "as", "why", "how", "when", "does", "do", "did",
    "err", "에러", "오류", "코드", "에러코드", "오류코드", "상태", "상태코드", "응답", "뜻", "의미",
    "무엇", "뭐", "under", "isnt", "doesnt", "dont",
}  # fmt: skip
# Acronyms that end in "s" are not plurals ("cors" is not "core").
ACRONYMS = {"cors", "dns", "hsts", "https", "mtls", "tls", "aws"}

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
# A Latin word keeps its apostrophe ("isn't" is one word, "isnt"), typed straight or curly.
QUERY_TOKEN = re.compile(r"[a-z0-9]+(?:['’][a-z0-9]+)*|[\uac00-\ud7a3]+", re.ASCII | re.IGNORECASE)


def without_apostrophes(text):
    return text.replace("'", "").replace("’", "")  # str.translate is slower on long text


@lru_cache(maxsize=20_000)
def normalize(word):
    """One form for a Latin word and its British spelling, plural and -ed/-ing forms."""
    word = SPELLINGS.get(word, word)
    if word.isdigit() or len(word) <= 3 or word in ACRONYMS:
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
    return [normalize(word) for word in LATIN_OR_NUMBER.findall(without_apostrophes(text.lower()))]


def phrase(text):
    """A phrase as matched whole: its normalized Latin words, then its Hangul without spaces."""
    return (*latin_words(text), "".join(HANGUL.findall(text)))


@dataclass
class FieldText:
    """One field of one code, ready for matching."""

    words: list  # normalized Latin words, in order
    hangul: str  # the Hangul runs, joined by spaces ("" when none)
    compact: str  # the Hangul runs, with no spaces ("접근 거부" is also typed "접근거부")
    word_starts: list  # where each Hangul word starts in ``compact``, and its end, last
    phrases: set  # the field's comma-separated items, as ``phrase`` gives them

    def spans_words(self, start, end):
        """Whether compact[start:end] is words run together, not the tail of one word and the
        head of the next: each word it enters after the first it holds whole or for two
        syllables at least ("없어요" is not in "없어 요청", "점검중" is in "점검 중")."""
        for index, word_start in enumerate(self.word_starts[:-1]):
            if start < word_start < end:
                word_end = self.word_starts[index + 1]
                if min(end, word_end) - word_start < min(2, word_end - word_start):
                    return False
        return True


def field_text(text, items=None):
    text = hangul.fold(text)
    words = HANGUL.findall(text)
    starts = [0]
    for word in words:
        starts.append(starts[-1] + len(word))
    phrases = {phrase(hangul.fold(item)) for item in items or []} - {("",)}
    return FieldText(latin_words(text), " ".join(words), "".join(words), starts, phrases)


@dataclass
class Entry:
    code: int | str  # a code, or a guide's slug
    fields: dict  # field name -> FieldText
    name_words: list  # the code's own name, normalized, for "404 not found"
    registered: bool  # registered codes win ties: they are what most readers look for
    prose: dict  # language -> plain text of the description, for excerpts
    items: list = field(default_factory=list)  # a guide's title, headings, summary, one by one


@dataclass
class Index:
    entries: dict  # code -> Entry
    guides: dict  # slug -> Entry, ranked as codes are (title as name, summary, text)
    vocabulary: set  # normalized Latin words of the TYPO_FIELDS
    latin_words: set  # every normalized Latin word: a word found in prose is no typo
    hangul_words: set  # Hangul words of the TYPO_FIELDS, for typo correction
    hangul_known: str  # the TYPO_FIELDS' Hangul without spaces: a word "exists" if it is in it
    hangul_all: str  # every field's Hangul without spaces
    vendor_codes: dict  # a vendor's own finer code ("403.14", "1020") -> the status it comes with


TABLE_LINE = re.compile(r"^\[\[table:[a-z-]+\]\][ \t]*$", re.MULTILINE)
HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+(.+)$", re.MULTILINE)


def guide_entries():
    """The guides, as entries of the index: a title weighs as a code's name, the headings of
    its sections as keywords."""
    entries = {}
    fields = ("slug", "title_ko", "title_en", "summary_ko", "summary_en", "body_ko", "body_en")
    for row in Guide.objects.values(*fields):
        titles = [row["title_ko"], row["title_en"]]
        bodies = [TABLE_LINE.sub(" ", row["body_ko"]), TABLE_LINE.sub(" ", row["body_en"])]
        headings = [plain_text(heading) for body in bodies for heading in HEADING.findall(body)]
        prose = [plain_text(body) for body in bodies]
        summaries = [row["summary_ko"], row["summary_en"]]
        entries[row["slug"]] = Entry(
            code=row["slug"],
            fields={
                NAME: field_text(" , ".join(titles), titles),
                KEYWORDS: field_text(" , ".join(headings), headings),
                SUMMARY: field_text(f"{row['summary_ko']} {row['summary_en']}"),
                TEXT: field_text(" ".join(prose)),
            },
            name_words=latin_words(row["title_en"]),
            registered=True,
            prose={"ko": prose[0], "en": prose[1] or prose[0]},
            items=[field_text(text) for text in [*titles, *headings, *summaries] if text],
        )
    return entries


def build_index():
    """The index of every code and guide, from three queries."""
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
    hangul_words = set()
    known = []
    everything = []
    every_word = set()
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
            *comma_list(row["former_names"]),
            row["http_status_name"].replace("_", " "),
            *frameworks.search_names(row["code"]),
        ]
        # A vendor's name for the code that is its common name already counts once.
        own_names = {name.strip().lower() for name in names}
        vendor_names = [usage["name"] for usage in own if usage["name"].lower() not in own_names]
        prose_ko = plain_text(row["description_ko"])
        prose_en = plain_text(row["description_en"])
        vendor_prose = " ".join(
            " ".join([usage["vendor"], *(plain_text(usage[name]) for name in vendor_markdown)])
            for usage in own
        )
        keywords = [*comma_list(row["keywords_ko"]), *comma_list(row["keywords_en"])]
        prose = " ".join(plain_text(row[name]) for name in code_markdown)
        fields = {
            NAME: field_text(" , ".join(names), names),
            TITLE: field_text(row["title_ko"], [re.sub(r"\(.*?\)", "", row["title_ko"])]),
            VENDOR: field_text(" , ".join(vendor_names), vendor_names),
            KEYWORDS: field_text(" , ".join(keywords), keywords),
            HEADERS: field_text(row["related_headers"]),
            SUMMARY: field_text(f"{row['summary_ko']} {row['summary_en']}"),
            TEXT: field_text(f"{prose} {vendor_prose}"),
        }
        for typo_field in TYPO_FIELDS:
            vocabulary.update(word for word in fields[typo_field].words if not word.isdigit())
            hangul_words.update(fields[typo_field].hangul.split())
            known.append(fields[typo_field].compact)
        everything.extend(text.compact for text in fields.values())
        every_word.update(word for text in fields.values() for word in text.words)
        entries[row["code"]] = Entry(
            code=row["code"],
            fields=fields,
            name_words=latin_words(name),
            registered=row["registry_status"] != StatusCode.RegistryStatus.UNREGISTERED,
            prose={"ko": prose_ko, "en": prose_en or prose_ko},
        )
    guides = guide_entries()
    for guide in guides.values():
        everything.extend(text.compact for text in guide.fields.values())
        every_word.update(word for text in guide.fields.values() for word in text.words)
    return Index(
        entries=entries,
        guides=guides,
        vocabulary=vocabulary,
        latin_words=every_word,
        hangul_words=hangul_words,
        hangul_known="|".join(known),
        hangul_all="|".join(everything),
        vendor_codes=vendor_codes,
    )


# This process's index for the current content version (built on first use after a change).
get_index = per_content_version(build_index)
