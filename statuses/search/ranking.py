"""Ranking: which codes a query's words match, and how well (the rules: ``search.answers``)."""

from dataclasses import dataclass, field

from .index import (
    HANGUL,
    HEADERS,
    KEYWORDS,
    NAME,
    QUERY_TOKEN,
    STOPWORDS,
    SUMMARY,
    TEXT,
    TITLE,
    normalize,
)

WEIGHTS = {NAME: 40, TITLE: 30, KEYWORDS: 25, HEADERS: 15, SUMMARY: 10, TEXT: 2}
TYPO_FACTOR = 0.6
# Korean particles a person may type after a word (longest first).
PARTICLES = ["에서", "으로", "이", "가", "을", "를", "은", "는", "의", "에", "로", "와", "과", "도"]


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
