"""Search that answers in one try: numbers, names, Korean words, log lines, typos.

The reference holds about a hundred codes, so the search runs over a small index kept in each
process's memory, built from the rows in two queries and rebuilt when the content version
changes (the stamp every save bumps, see ``caching.py``). The same code then ranks identically
on SQLite and PostgreSQL, needs no database extension or trigger, and answers a warm search
with one query (the matching rows, for display).

Matching:

- a code number anywhere in the query leads the results; a query that is only a code (give or
  take words such as "HTTP", "error" or the code's own name) goes straight to its page, ``4xx``
  to its class, and a number that cannot be a status code says so;
- Latin words match whole words (``rate`` never matches "separate"), after folding British
  spellings and common endings (``authorised`` = ``authorized``, ``redirects`` = ``redirect``),
  and, when a word is in no name, keyword or summary, the nearest such word one or two edits
  away (typos);
- Hangul matches anywhere inside a field's words, since Korean attaches particles to them
  (``권한`` finds "권한이"); a trailing particle typed in the query is dropped if needed;
- each field weighs by what it says about the code: number, names, Korean title, keywords,
  summary, then the description's text, which is searched without Markdown syntax or URLs.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import get_language

from .caching import per_content_version
from .models import FIRST_CODE, LAST_CODE, StatusCode
from .vendor_models import VendorUsage

MAX_QUERY_LENGTH = 100

# The fields of a code, by what a match in them says about it.
NAME, TITLE, KEYWORDS, HEADERS, SUMMARY, TEXT = (
    "name", "title", "keywords", "headers", "summary", "text"
)  # fmt: skip
WEIGHTS = {NAME: 40, TITLE: 30, KEYWORDS: 25, HEADERS: 15, SUMMARY: 10, TEXT: 2}
TYPO_FACTOR = 0.6
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
# Korean particles a person may type after a word (longest first).
PARTICLES = ["에서", "으로", "이", "가", "을", "를", "은", "는", "의", "에", "로", "와", "과", "도"]

LATIN_OR_NUMBER = re.compile(r"[a-z0-9]+", re.ASCII)
HANGUL = re.compile(r"[\uac00-\ud7a3]+")
QUERY_TOKEN = re.compile(r"[a-z0-9]+|[\uac00-\ud7a3]+", re.ASCII | re.IGNORECASE)
CODE_NUMBER = re.compile(r"[0-9]+", re.ASCII)
CLASS_LABEL = re.compile(r"([1-5])xx", re.ASCII | re.IGNORECASE)

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

    @property
    def codes(self):
        return self.entries.keys()


def build_index():
    """The index of every code, from two queries."""
    usages = {}
    vendor_codes = {}
    for usage in VendorUsage.objects.values(
        "code_id", "vendor", "vendor_code", "name", "description_ko", "description_en"
    ):
        usages.setdefault(usage["code_id"], []).append(usage)
        if usage["vendor_code"]:
            vendor_codes.setdefault(usage["vendor_code"].lower(), usage["code_id"])
    entries = {}
    vocabulary = set()
    for row in StatusCode.objects.values(
        "code",
        "iana_description",
        "common_name",
        "former_names",
        "title_ko",
        "keywords_ko",
        "keywords_en",
        "related_headers",
        "summary_ko",
        "summary_en",
        "description_ko",
        "description_en",
        "http_status_name",
        "registry_status",
    ):
        own = usages.get(row["code"], [])
        name = row["common_name"] or row["iana_description"]
        names = [
            row["iana_description"],
            row["common_name"],
            row["former_names"],
            row["http_status_name"].replace("_", " "),
            *(usage["name"] for usage in own),
        ]
        prose_ko = plain_text(row["description_ko"])
        prose_en = plain_text(row["description_en"])
        vendor_prose = " ".join(
            f"{usage['vendor']} {plain_text(usage['description_ko'])} "
            f"{plain_text(usage['description_en'])}"
            for usage in own
        )
        fields = {
            NAME: field_text(" , ".join(names)),
            TITLE: field_text(row["title_ko"]),
            KEYWORDS: field_text(f"{row['keywords_ko']} , {row['keywords_en']}"),
            HEADERS: field_text(row["related_headers"]),
            SUMMARY: field_text(f"{row['summary_ko']} {row['summary_en']}"),
            TEXT: field_text(f"{prose_ko} {prose_en} {vendor_prose}"),
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


# Matching


def edit_distance_at_most(a, b, limit):
    """Whether a and b are within ``limit`` edits (insert, delete, replace, swap neighbours)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit


def typo_candidates(word, vocabulary):
    if len(word) < 4 or word.isdigit():
        return set()
    limit = 1 if len(word) < 8 else 2
    return {
        known
        for known in vocabulary
        if abs(len(known) - len(word)) <= limit
        and (known[0] == word[0] or known[1:2] == word[1:2])
        and edit_distance_at_most(word, known, limit)
    }


@dataclass
class Term:
    """One word of the query and the forms it matches."""

    text: str  # as typed, lower case
    hangul: bool
    forms: set  # exact forms: normalized Latin words, or Hangul strings
    typo_forms: set = field(default_factory=set)
    optional: bool = False  # a stop word: counts when it matches, never required


def query_terms(query, index):
    terms = []
    for token in QUERY_TOKEN.findall(query.lower()):
        if HANGUL.fullmatch(token):
            forms = {token}
            for particle in PARTICLES:
                if token.endswith(particle) and len(token) >= len(particle) + 2:
                    forms.add(token[: -len(particle)])  # "권한이" finds "권한"
                    break
            terms.append(Term(token, True, forms, optional=token in STOPWORDS))
        else:
            word = normalize(token.replace("'", ""))
            term = Term(token, False, {word}, optional=token in STOPWORDS)
            if word not in index.vocabulary and not term.optional:
                term.typo_forms = typo_candidates(word, index.vocabulary)
            terms.append(term)
    return terms


def term_score(term, entry):
    """The weight of the best field the term matches in (0 when none), plus a little for each
    other field it matches, so a code about the word beats one that mentions it once."""
    weights = []
    for name, text in entry.fields.items():
        weight = WEIGHTS[name]
        if term.hangul:
            hits = sum(text.hangul.count(form) for form in term.forms)
            if not hits and any(form in text.hangul.replace(" ", "") for form in term.forms):
                hits = 1  # typed without the space: "접근거부"
        else:
            hits = sum(text.words.count(form) for form in term.forms)
            if not hits and term.typo_forms:
                if any(form in text.words for form in term.typo_forms):
                    weights.append(weight * TYPO_FACTOR)
                continue
        if hits:
            weights.append(weight + (min(hits, 5) * 0.2 if name == TEXT else 0))
    if not weights:
        return 0.0
    best = max(weights)
    return best + 0.1 * (sum(weights) - best)


def phrase_bonus(terms, entry):
    """A query that is a name, or a run of words in the names or keywords, ranks higher."""
    words = [next(iter(term.forms)) for term in terms if not term.hangul]
    if len(words) < 2:
        return 0
    if words == entry.name_words:
        return 60
    phrase = f" {' '.join(words)} "
    for name in (NAME, KEYWORDS):
        if phrase in f" {' '.join(entry.fields[name].words)} ":
            return 30
    return 0


def rank(terms, index):
    """Codes with their score, most relevant first: every required word matched, then most."""
    required = [term for term in terms if not term.optional] or terms
    required_ids = {id(term) for term in required}
    scored = []
    for entry in index.entries.values():
        scores = [term_score(term, entry) for term in terms]
        matched = sum(
            1
            for term, score in zip(terms, scores, strict=True)
            if score and id(term) in required_ids
        )
        if not matched:
            continue
        total = sum(scores) + phrase_bonus(terms, entry) + (2 if entry.registered else 0)
        scored.append((matched, total, entry.code))
    scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
    if not scored:
        return [], False
    best_coverage = scored[0][0]
    complete = best_coverage == len(required)
    if not complete:
        # Nothing holds every word (a pasted log line, say): rank by score among the codes
        # that hold at least half as many of the words as the best one.
        scored = [item for item in scored if item[0] * 2 >= best_coverage]
        scored.sort(key=lambda item: (-item[1], item[2]))
    return [code for _matched, _total, code in scored], complete


# Answers


@dataclass
class Answer:
    query: str
    redirect_code: int | None = None
    redirect_class: int | None = None
    codes: list = field(default_factory=list)  # result codes, best first
    leading: list = field(default_factory=list)  # code numbers named in the query
    every_word_matched: bool = True
    not_a_code: str | None = None  # a number that cannot be a status code
    unassigned: int | None = None  # a number in range that no one documents
    terms: list = field(default_factory=list)


def answer(query):
    """What the search page does with ``query``: go to a page, or list codes best first."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    result = Answer(query=query)
    if not query:
        return result
    index = get_index()
    # Full-width digits and letters (４０４, as East Asian input methods type them) read as ASCII.
    typed = unicodedata.normalize("NFKC", query).lower()
    tokens = QUERY_TOKEN.findall(typed)
    words = [token for token in tokens if token not in STOPWORDS]
    numbers = [token for token in tokens if CODE_NUMBER.fullmatch(token)]

    class_label = next((CLASS_LABEL.fullmatch(token) for token in words), None)
    if class_label and len(words) == 1:
        result.redirect_class = int(class_label[1])
        return result

    # IIS 403.14, Cloudflare 1020: the status the vendor's code comes with.
    vendor_statuses = [
        index.vendor_codes[word] for word in typed.split() if word in index.vendor_codes
    ]
    if vendor_statuses:
        result.codes = result.leading = list(dict.fromkeys(vendor_statuses))
        return result

    documented = [int(n) for n in numbers if len(n) == 3 and int(n) in index.entries]
    result.leading = list(dict.fromkeys(documented))
    if len(words) == 1 and numbers == words:
        number = words[0]
        if result.leading:
            result.redirect_code = result.leading[0]
        elif len(number) == 3 and FIRST_CODE <= int(number) <= LAST_CODE:
            result.unassigned = int(number)
        else:
            result.not_a_code = number
        return result
    if len(result.leading) == 1:
        code = result.leading[0]
        rest = [latin_words(word)[0] if not HANGUL.fullmatch(word) else word for word in words]
        rest = [word for word in rest if word != str(code)]
        own_name = index.entries[code].name_words
        if all(word in own_name for word in rest):
            result.redirect_code = code  # "404 not found", "HTTP 429 Too Many Requests"
            return result

    text_terms = [
        term for term in query_terms(query, index) if not CODE_NUMBER.fullmatch(term.text)
    ]
    result.terms = text_terms
    ranked, complete = rank(text_terms, index) if text_terms else ([], True)
    result.every_word_matched = complete or bool(result.leading)
    result.codes = result.leading + [code for code in ranked if code not in result.leading]
    return result


def results_for(codes):
    """The StatusCode rows of ``codes``, in that order (one query)."""
    rows = StatusCode.objects.in_bulk(codes)
    return [rows[code] for code in codes if code in rows]


# Display: excerpts and highlighting


def excerpt(code, terms, width=80):
    """Plain text of the code's description around the first query word it contains."""
    entry = get_index().entries.get(code)
    if entry is None or not terms:
        return ""
    language = "en" if get_language() == "en" else "ko"
    text = entry.prose[language]
    match = first_match(text, terms)
    if match is None:
        return ""
    start, end = match
    start, end = max(start - width, 0), min(end + width, len(text))
    if start:
        start = text.find(" ", start) + 1 or start  # whole words only
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def matches(text, terms):
    """The (start, end) spans of ``text`` that the query's words match, in order."""
    spans = []
    latin_forms = set()
    hangul_forms = set()
    for term in terms:
        if term.hangul:
            hangul_forms.update(term.forms)
        else:
            latin_forms.update(term.forms | term.typo_forms)
    for word in re.finditer(r"[A-Za-z0-9']+", text):
        if normalize(word[0].lower().replace("'", "")) in latin_forms:
            spans.append((word.start(), word.end()))
    for form in sorted(hangul_forms, key=len, reverse=True):
        start = text.find(form)
        while start != -1:
            spans.append((start, start + len(form)))
            start = text.find(form, start + len(form))
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def first_match(text, terms):
    spans = matches(text, terms)
    return spans[0] if spans else None


def matched_keywords(status, terms):
    """The code's keywords (either language) that hold a word of the query."""
    phrases = f"{status.keywords_ko},{status.keywords_en}".split(",")
    return [phrase.strip() for phrase in phrases if phrase.strip() and matches(phrase, terms)]
