"""Search that answers in one try: numbers, names, Korean words, log lines, typos.

The reference holds about a hundred codes, so the search runs over a small index kept in each
process's memory, built from the rows in three queries and rebuilt when the content version
changes (the stamp every save bumps, see ``caching.page_cache``). The same code then ranks
identically on SQLite and PostgreSQL, needs no database extension or trigger, and answers a warm
search with one query (the matching rows, for display). The search page, ``/api/search/`` and so the
home page's filter all show this module's answer.

Matching:

- a code number anywhere in the query leads the results; a query that is only a code (give or
  take words such as "HTTP", "error" or the code's own name) goes straight to its page, ``4xx``
  to its class, one or two digits list the codes they begin (a code being typed), and a number
  that cannot be a status code says so;
- Latin words match whole words (``rate`` never matches "separate"), after folding British
  spellings and common endings (``authorised`` = ``authorized``, ``redirects`` = ``redirect``);
  a word found nowhere is split into the known words it runs together, or else matched to the
  nearest word of the names, keywords and summaries one or two edits away (typos);
- Hangul matches anywhere inside a field's words, since Korean attaches particles to them
  (``권한`` finds "권한이"); a verb is found under any ending, a 하다 or 되다 verb by its noun
  (``만료됨`` finds 만료), loanwords are read in the site's spelling (``리디렉션``), and a word
  found nowhere is split into the words it runs together or matched one typed letter away
  (``search.hangul``);
- each field weighs by what it says about the code: names, Korean title, keywords, vendors'
  names, headers, summary, then the description's text, which is searched without Markdown
  syntax or URLs; guides are ranked the same way and listed when they answer the query.

This module answers a query and shows why a code matched (excerpts, highlights); the index is
built in ``search.index`` and the words are ranked in ``search.ranking``.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import get_language

from ..models import FIRST_CODE, LAST_CODE, Guide, StatusCode, comma_list
from . import hangul
from .index import HANGUL, get_index, latin_words, normalize, without_apostrophes
from .ranking import holds_every_word, is_filler, query_terms, query_tokens, rank

MAX_QUERY_LENGTH = 100
CODE_NUMBER = re.compile(r"[0-9]+", re.ASCII)
CLASS_LABEL = re.compile(r"([1-5])xx", re.ASCII | re.IGNORECASE)


@dataclass
class Answer:
    query: str
    redirect_code: int | None = None
    redirect_class: int | None = None
    codes: list = field(default_factory=list)  # result codes, best first
    guides: list = field(default_factory=list)  # slugs of the guides holding every word, best first
    leading: list = field(default_factory=list)  # code numbers named in the query
    every_word_matched: bool = True
    not_a_code: str | None = None  # a number that cannot be a status code
    starting_with: str | None = None  # one or two digits: the codes listed start with them
    unassigned: int | None = None  # a number in range that no one documents
    terms: list = field(default_factory=list)


def answer(query):
    """What the search page does with ``query``: go to a page, or list codes best first."""
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    result = Answer(query=query)
    if not query:
        return result
    index = get_index()
    # Full-width digits and letters (４０４, as East Asian input methods type them) read as ASCII;
    # loanwords in the site's spelling.
    typed = hangul.fold(unicodedata.normalize("NFKC", query).lower())
    tokens = query_tokens(typed)
    words = [token for token in tokens if not is_filler(token)]
    numbers = [token for token in tokens if CODE_NUMBER.fullmatch(token)]

    class_label = next((CLASS_LABEL.fullmatch(token) for token in words), None)
    if class_label and len(words) == 1:
        result.redirect_class = int(class_label[1])
        result.codes = [
            code for code in sorted(index.entries) if code // 100 == result.redirect_class
        ]
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
        # One or two digits are a code being typed: "42" lists 420 to 429.
        starting = [code for code in sorted(index.entries) if str(code).startswith(number)]
        if result.leading:
            result.redirect_code = result.leading[0]
            result.codes = result.leading
        elif len(number) == 3 and FIRST_CODE <= int(number) <= LAST_CODE:
            result.unassigned = int(number)
        elif len(number) < 3 and starting:
            result.starting_with = number
            result.codes = starting
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
            result.codes = [code]
            return result

    text_terms = [
        term for term in query_terms(typed, index) if not CODE_NUMBER.fullmatch(term.text)
    ]
    result.terms = text_terms
    ranked, complete = rank(text_terms, index.entries) if text_terms else ([], True)
    result.every_word_matched = complete or bool(result.leading)
    result.codes = result.leading + [code for code, _score in ranked if code not in result.leading]
    if text_terms:
        result.guides = answering_guides(text_terms, index, ranked if complete else [])
    return result


def answering_guides(terms, index, codes):
    """The guides that answer the query: each holds every word of it, and either no code does,
    or the guide scores as well as the best code, or its title, a heading or its summary holds
    every word by itself ("too many redirects"), not words scattered over a long text."""
    best_code = codes[0][1] if codes else 0
    return [
        slug
        for slug, score in rank(terms, index.guides)[0]
        if holds_every_word(terms, index.guides[slug].fields.values())
        and (
            score >= best_code
            or any(holds_every_word(terms, [item]) for item in index.guides[slug].items)
        )
    ]


def results_for(codes):
    """The StatusCode rows of ``codes``, in that order (one query)."""
    rows = StatusCode.objects.in_bulk(codes)
    return [rows[code] for code in codes if code in rows]


def guides_for(slugs):
    """The Guide rows of ``slugs``, in that order (one query, none for no slug)."""
    rows = Guide.objects.in_bulk(slugs) if slugs else {}
    return [rows[slug] for slug in slugs if slug in rows]


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
    stems = []
    for term in terms:
        if term.hangul:
            hangul_forms.update(term.forms | term.typo_forms)
            stems.extend(term.stems)
        else:
            latin_forms.update(term.forms | term.typo_forms)
    for word in re.finditer(r"[A-Za-z0-9'’]+", text):
        if normalize(without_apostrophes(word[0].lower())) in latin_forms:
            spans.append((word.start(), word.end()))
    for form in sorted(hangul_forms, key=len, reverse=True):
        start = text.find(form)
        while start != -1:
            spans.append((start, start + len(form)))
            start = text.find(form, start + len(form))
    for pattern in stems:
        spans.extend(found.span() for found in pattern.finditer(text))
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
    phrases = [*comma_list(status.keywords_ko), *comma_list(status.keywords_en)]
    return [phrase for phrase in phrases if matches(phrase, terms)]
