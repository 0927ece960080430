"""Ranking: which codes a query's words match, and how well (the rules: ``search.answers``)."""

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from . import hangul
from .index import (
    HANGUL,
    HEADERS,
    KEYWORDS,
    NAME,
    PHRASE_FIELDS,
    QUERY_TOKEN,
    STOPWORDS,
    SUMMARY,
    TEXT,
    TITLE,
    VENDOR,
    normalize,
    without_apostrophes,
)

WEIGHTS = {NAME: 40, TITLE: 30, KEYWORDS: 25, VENDOR: 20, HEADERS: 15, SUMMARY: 10, TEXT: 2}
# A code no registry knows is named by a vendor: its names and title say what its keywords would.
UNREGISTERED_WEIGHTS = {**WEIGHTS, NAME: WEIGHTS[KEYWORDS], TITLE: WEIGHTS[KEYWORDS]}
TYPO_FACTOR = 0.6
# Registered codes win ties, and near-ties: they are what most readers look for.
REGISTERED_BONUS = 6
# A query that spells out a whole name, title or keyword, and one that is a run of its words.
WHOLE_NAME_BONUS, WHOLE_KEYWORD_BONUS, RUN_BONUS = 60, 40, 30
# One word that is a whole keyword ("타임아웃") breaks ties with codes that merely hold it.
WHOLE_WORD_BONUS = 5


def latin_typo_candidates(word, vocabulary):
    if len(word) < 4 or word.isdigit():
        return set()
    limit = 1 if len(word) < 8 else 2
    return {
        known
        for known in vocabulary
        if abs(len(known) - len(word)) <= limit
        and (known[0] == word[0] or known[1:2] == word[1:2])
        and hangul.within_edits(word, known, limit)
    }


def latin_segments(word, vocabulary):
    """A Latin word typed without its spaces, as two or three known words ("toomanyrequests")."""
    if len(word) < 6 or word.isdigit():
        return None
    best = {0: []}
    for end in range(3, len(word) + 1):
        options = [
            best[start] + [word[start:end]]
            for start in range(end - 2)
            if start in best and normalize(word[start:end]) in vocabulary
        ]
        if options:
            best[end] = min(options, key=len)
    pieces = best.get(len(word))
    return pieces if pieces and 1 < len(pieces) <= 3 else None


@dataclass
class Term:
    """One word of the query and the forms it matches."""

    text: str  # as typed, lower case (a piece of it, for words typed without spaces)
    hangul: bool
    forms: set  # exact forms: normalized Latin words, or Hangul strings
    typo_forms: set = field(default_factory=set)
    optional: bool = False  # a stop word: counts when it matches, never required
    stems: list = field(default_factory=list)  # Hangul: patterns of the word's stem (많아요)


def hangul_terms(token, index):
    """The terms of one Hangul word: the noun of a 하다 or 되다 verb; else as typed (less a
    particle); else, if that is nowhere, its stem under other endings, or the words it runs
    together, or the words one typo away."""
    forms = {token} | ({hangul.without_particle(token)} - {None})
    term = Term(token, True, forms, optional=is_filler(token))
    if term.optional:
        return [term]
    roots = hangul.noun_roots(token)
    adnominal = hangul.adnominal_root(token)
    if not roots and adnominal and token not in index.hangul_known:
        roots = {adnominal} if adnominal in index.hangul_known else set()
    if roots:
        # The noun is in every text that holds the verb's form, and in those that name it.
        return [replace(term, forms=roots)]
    stems = [hangul.stem_pattern(stem) for stem in hangul.stems(token)]
    with_stems = replace(term, stems=stems)
    if stems and hangul.surely_a_verb(token) and found_anywhere(with_stems, index):
        return [with_stems]  # 없습니다 is 없음 too, though "없습니다" is in some description
    if found_anywhere(term, index):
        return [term]
    if stems and found_anywhere(with_stems, index):
        return [with_stems]

    def known(piece):
        return piece in index.hangul_known or any(
            hangul.stem_pattern(stem).search(index.hangul_known) for stem in hangul.stems(piece)
        )

    pieces = hangul.segments(token, known)
    if pieces:
        return [term for piece in pieces for term in hangul_terms(piece, index)]
    for form in forms:
        term.typo_forms |= hangul.typo_candidates(form, index.hangul_words)
    return [term]


def found_anywhere(term, index):
    return any(
        hangul_hits(term, text)
        for entries in (index.entries, index.guides)
        for entry in entries.values()
        for text in entry.fields.values()
    )


def joined(word, following, vocabulary):
    """Whether two words are one known word typed with a space ("web socket"): not when both
    are known words themselves ("not found", though a framework calls 404 ``NotFound``)."""
    if normalize(word + following) not in vocabulary:
        return False
    return not (normalize(word) in vocabulary and normalize(following) in vocabulary)


def latin_terms(tokens, index):
    terms = []
    position = 0
    while position < len(tokens):
        token = without_apostrophes(tokens[position])
        following = tokens[position + 1] if position + 1 < len(tokens) else None
        if following and joined(token, following, index.vocabulary):
            token, position = token + following, position + 1  # "web socket"
        position += 1
        word = normalize(token)
        if token in STOPWORDS:
            terms.append(Term(token, False, {word}, optional=True))
        elif word in index.latin_words or word.isdigit():
            terms.append(Term(token, False, {word}))
        elif pieces := latin_segments(token, index.vocabulary):
            terms.extend(Term(piece, False, {normalize(piece)}) for piece in pieces)
        else:
            typos = latin_typo_candidates(word, index.vocabulary)
            terms.append(Term(token, False, {word}, typo_forms=typos))
    return terms


def query_tokens(query):
    """The query's words, lower case: Latin words and numbers, and Hangul words less the
    particle of a Latin word or number they follow with no space ("POST가", "404는")."""
    tokens = []
    previous_end = None
    for found in QUERY_TOKEN.finditer(query.lower()):
        token = found[0]
        hangul_word = bool(HANGUL.fullmatch(token))
        if not (hangul_word and token in hangul.PARTICLES and found.start() == previous_end):
            tokens.append(token)
        previous_end = None if hangul_word else found.end()
    return tokens


def is_filler(token):
    """A word that says nothing about which code: a stop word, also with a particle or an
    ending ("의미가", "뭐예요")."""
    if token in STOPWORDS:
        return True
    if not HANGUL.fullmatch(token):
        return False
    return hangul.without_particle(token) in STOPWORDS or bool(STOPWORDS & hangul.stems(token))


def query_terms(query, index):
    terms = []
    latin_run = []
    for token in [*query_tokens(query), None]:
        if token is not None and not HANGUL.fullmatch(token):
            latin_run.append(token)
            continue
        terms.extend(latin_terms(latin_run, index))
        latin_run = []
        if token is not None:
            terms.extend(hangul_terms(token, index))
    return terms


def in_compact(text, pattern):
    """Whether ``pattern`` finds words typed without their spaces in the field ("접근거부")."""
    return any(text.spans_words(*found.span()) for found in pattern.finditer(text.compact))


def hangul_hits(term, text):
    hits = sum(text.hangul.count(form) for form in term.forms)
    if not hits and term.stems:
        hits = sum(len(pattern.findall(text.hangul)) for pattern in term.stems)
    if not hits and text.compact:
        patterns = [literal(form) for form in term.forms] + term.stems
        hits = int(any(in_compact(text, pattern) for pattern in patterns))
    return hits


@lru_cache(maxsize=2_000)
def literal(form):
    return re.compile(re.escape(form))


def hits_in(term, text):
    """How often the term is in the field, and whether it is there only as a typo."""
    if term.hangul:
        hits = hangul_hits(term, text)
        return hits, not hits and any(form in text.compact for form in term.typo_forms)
    hits = sum(text.words.count(form) for form in term.forms)
    return hits, not hits and any(form in text.words for form in term.typo_forms)


def term_score(term, entry, weights=WEIGHTS):
    """The weight of the best field the term matches in (0 when none), plus a little for each
    other field it matches, so a code about the word beats one that mentions it once."""
    scores = []
    for name, text in entry.fields.items():
        weight = weights[name]
        hits, typo = hits_in(term, text)
        if typo:
            scores.append(weight * TYPO_FACTOR)
        elif hits:
            scores.append(weight + (min(hits, 5) * 0.2 if name == TEXT else 0))
    if not scores:
        return 0.0
    best = max(scores)
    return best + 0.1 * (sum(scores) - best)


def query_phrases(terms):
    """The query as ``index.phrase`` spells a name or keyword: Latin words, then Hangul, the
    Hangul as matched (a verb's noun: 토큰 만료됨 is "토큰 만료") and as typed (인증되지 않음)."""
    latin = tuple(next(iter(term.forms)) for term in terms if not term.hangul)
    korean = [term for term in terms if term.hangul]
    matched = "".join(min(term.forms, key=len) for term in korean)
    typed = "".join(hangul.without_particle(term.text) or term.text for term in korean)
    return {(*latin, matched), (*latin, typed)}


def phrase_bonus(terms, entry):
    """A query that is a whole name or keyword, or a run of words of one, ranks higher."""
    return max(spelled_out(phrase, terms, entry) for phrase in query_phrases(terms))


def spelled_out(typed, terms, entry):
    korean = typed[-1]
    # A run needs only the words that carry meaning: ERR_TOO_MANY_REDIRECTS holds "too many
    # redirects".
    words = [next(iter(term.forms)) for term in terms if not term.hangul and not term.optional]
    if len(terms) == 1:
        whole = any(typed in text.phrases for name, text in phrase_fields(entry))
        return WHOLE_WORD_BONUS if whole else 0
    if list(typed[:-1]) == entry.name_words and not korean:
        return WHOLE_NAME_BONUS
    best = 0
    for name, text in phrase_fields(entry):
        for known in text.phrases:
            if known == typed:
                whole_name = name in (NAME, TITLE) and entry.registered
                best = max(best, WHOLE_NAME_BONUS if whole_name else WHOLE_KEYWORD_BONUS)
            elif korean in known[-1] and contains_run(list(known[:-1]), words):
                best = max(best, RUN_BONUS)
    return best


def phrase_fields(entry):
    return [(name, entry.fields[name]) for name in PHRASE_FIELDS if name in entry.fields]


def contains_run(words, run):
    if not run:
        return True
    return any(words[i : i + len(run)] == run for i in range(len(words) - len(run) + 1))


def score(terms, entry):
    """How many of the required terms the entry matches, and its score."""
    weights = WEIGHTS if entry.registered else UNREGISTERED_WEIGHTS
    scores = [term_score(term, entry, weights) for term in terms]
    matched = sum(
        1 for term, points in zip(terms, scores, strict=True) if points and not term.optional
    )
    total = sum(scores) + phrase_bonus(terms, entry) + (REGISTERED_BONUS if entry.registered else 0)
    return matched, total


def required_terms(terms):
    """The terms a match must hold: all but the stop words, or all when only stop words."""
    return [term for term in terms if not term.optional] or terms


def rank(terms, entries):
    """Entries' keys with their scores, most relevant first: every required word matched,
    then most. Returns the (key, score) pairs and whether the first match every required word."""
    required = required_terms(terms)
    terms = [replace(term, optional=term not in required) for term in terms]
    scored = []
    for key, entry in entries.items():
        matched, total = score(terms, entry)
        if matched:
            scored.append((matched, total, key))
    scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
    if not scored:
        return [], False
    best_coverage = scored[0][0]
    complete = best_coverage == len(required)
    if complete:  # codes holding every word come alone
        scored = [item for item in scored if item[0] == best_coverage]
    else:
        # Nothing holds every word (a pasted log line, say): rank by score among the codes
        # that hold at least half as many of the words as the best one.
        scored = [item for item in scored if item[0] * 2 >= best_coverage]
        scored.sort(key=lambda item: (-item[1], item[2]))
    return [(key, total) for _matched, total, key in scored], complete


def holds_every_word(terms, texts):
    """Whether every required term is in one of ``texts`` (fields, or items of one)."""
    texts = list(texts)
    return all(any(any(hits_in(term, text)) for text in texts) for term in required_terms(terms))
