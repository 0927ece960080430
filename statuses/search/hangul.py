"""Korean words as people type them: verb endings, words run together, and typos.

Hangul syllables are composed of an initial consonant, a vowel and an optional final consonant
(Unicode arranges them arithmetically from U+AC00), which is what lets a verb's stem be found
under its many endings (많아요, 많습니다, 많음 are all 많-) and a typo be measured in the letters
a keyboard types (실페 is one key from 실패).
"""

import re
from functools import lru_cache

from rapidfuzz.distance import OSA

FIRST, LAST = 0xAC00, 0xD7A3
VOWELS, FINALS = 21, 28
# Final consonants, by their index in a syllable.
NO_FINAL, FINAL_N, FINAL_L, FINAL_M, FINAL_B, FINAL_SS = 0, 4, 8, 16, 17, 20
# Vowel indexes: ㅏ ㅐ ㅓ ㅕ ㅗ ㅘ ㅙ ㅚ ㅜ ㅝ ㅡ ㅣ
V_A, V_AE, V_EO, V_YEO, V_O, V_WA, V_WAE, V_OE, V_U, V_WEO, V_EU, V_I = (
    0, 1, 4, 6, 8, 9, 10, 11, 13, 14, 18, 20
)  # fmt: skip

# Loanwords spelled more than one way, folded to the spelling this site writes, on both sides:
# browsers say "리디렉션한 횟수가 너무 많습니다" of what the guides call a redirect loop.
SPELLINGS = {
    "리디렉션": "리다이렉트",
    "리다이렉션": "리다이렉트",
    "리디렉트": "리다이렉트",
    "컨텐츠": "콘텐츠",
    "메세지": "메시지",
    "캐쉬": "캐시",
}
SPELLING = re.compile("|".join(sorted(SPELLINGS, key=len, reverse=True)))
# The verbs made of a noun and 하다 or 되다 (만료되다, 차단하다): their forms mean the noun.
LIGHT_VERBS = "하되"
ADNOMINAL = "한할된될"  # 하다 and 되다 before a noun

# Korean particles a person may type after a word (longest first).
PARTICLES = ["에서", "으로", "이", "가", "을", "를", "은", "는", "의", "에", "로", "와", "과", "도"]

# Endings after a verb's or adjective's stem, in the polite and plain forms people type in a
# search box; longest first. What is left may still be contracted with the ending's vowel (커요).
ENDINGS = [
    "습니다", "입니다", "이에요", "는데요", "거든요", "니까요", "어요", "아요", "여요", "에요",
    "예요", "네요", "나요", "군요", "지요", "어서", "아서", "는데", "니다", "요", "죠", "어",
    "아", "다", "음", "지", "은", "는",
]  # fmt: skip
# A final ㄴ, ㄹ, ㅁ, ㅂ or ㅆ is often an ending folded into the stem's last syllable
# (큰, 클, 큼, 큽니다, 컸다 from 크-): a stem ending without a final matches them all.
ENDING_FINALS = (NO_FINAL, FINAL_N, FINAL_L, FINAL_M, FINAL_B, FINAL_SS)
# A stem's last vowel merged with the ending's 아/어: the contracted vowel, and the stem's.
CONTRACTED = {
    V_AE: [V_A], V_WAE: [V_OE], V_WA: [V_O], V_WEO: [V_U], V_YEO: [V_I], V_EO: [V_EO, V_EU],
    V_A: [V_A, V_EU],
}  # fmt: skip
PAST = "았었였"
# The copula after a noun (버그예요, 중이에요, 점검입니다): what is left is the noun itself.
COPULA = {"입니다", "이에요", "예요", "에요"}


def fold(text):
    """``text`` with each loanword in the spelling the site writes (리디렉션 -> 리다이렉트)."""
    return SPELLING.sub(lambda found: SPELLINGS[found[0]], text)


def is_syllable(char):
    return FIRST <= ord(char) <= LAST


def parts(char):
    """(initial, vowel, final) indexes of a syllable."""
    offset = ord(char) - FIRST
    return offset // (VOWELS * FINALS), offset // FINALS % VOWELS, offset % FINALS


def syllable(initial, vowel, final=NO_FINAL):
    return chr(FIRST + (initial * VOWELS + vowel) * FINALS + final)


def without_particle(word):
    """``word`` less a trailing particle, when enough is left to be a word (권한이 -> 권한)."""
    for particle in PARTICLES:
        if word.endswith(particle) and len(word) >= len(particle) + 2:
            return word[: -len(particle)]
    return None


def ending(word):
    """The verb ending ``word`` ends in, if any."""
    return next((end for end in ENDINGS if word.endswith(end) and len(word) > len(end)), None)


def surely_a_verb(word):
    """Whether ``word`` can only be a verb's or adjective's form: an ending of two syllables or
    more (많습니다, 없어요), or one after a stem ending in a consonant (많음, 없다). Nouns end in
    the other one-syllable endings too (과다, 다음), so those are tried only on words found
    nowhere as typed."""
    end = ending(word)
    if end is None:
        return False
    return len(end) > 1 or parts(word[-len(end) - 1])[2] != NO_FINAL


def stems(word):
    """The stems ``word`` may be a form of, for a word typed with a verb ending (많아요 -> 많,
    커요 -> 크, 됐어요 -> 되, 갑니다 -> 가, 중이에요 -> 중); empty when it has no ending we know."""
    for ending in ENDINGS:
        if not word.endswith(ending) or len(word) == len(ending):
            continue
        base = word[: -len(ending)]
        if ending in COPULA:
            return {base}
        if ending == "니다":  # 갑니다, 됩니다: the ㅂ of -ㅂ니다 sits in the stem's last syllable
            initial, vowel, final = parts(base[-1])
            if final != FINAL_B:
                continue
            return {base[:-1] + syllable(initial, vowel)}
        if base[-1] in PAST and len(base) > 1:  # 많았어요, 없었다
            return {base[:-1]}
        initial, vowel, final = parts(base[-1])
        if final == FINAL_SS:  # 했어요, 됐다, 막혔어요: the past tense folded in
            base, final = base[:-1] + syllable(initial, vowel), NO_FINAL
        if final != NO_FINAL or vowel not in CONTRACTED:
            return {base}
        return {base[:-1] + syllable(initial, stem_vowel) for stem_vowel in CONTRACTED[vowel]}
    initial, vowel, final = parts(word[-1])
    if final == FINAL_M and len(word) > 1:  # 큼, 됨, 바뀜: the -ㅁ of a noun made from a verb
        return {word[:-1] + syllable(initial, vowel)}
    return set()


def noun_roots(word):
    """The noun of a 하다 or 되다 verb ``word`` is a form of (만료됨, 만료됐어요 -> 만료;
    차단했습니다 -> 차단); empty for other words. The noun is two syllables at least."""
    return {stem[:-1] for stem in stems(word) if stem[-1] in LIGHT_VERBS and len(stem) > 2}


def adnominal_root(word):
    """The noun of a 하다 or 되다 verb's form before a noun (리다이렉트한 횟수, 만료된 토큰), or
    None. Nouns end in these syllables too (접근권한, 속도제한): the caller asks whether the
    word is a known word first."""
    return word[:-1] if word[-1] in ADNOMINAL and len(word) > 2 else None


@lru_cache(maxsize=2_000)
def stem_pattern(stem):
    """A pattern finding ``stem`` under any ending: a one-syllable stem only at a word's start
    (많 in "너무 많음", not inside another word)."""
    initial, vowel, final = parts(stem[-1])
    last = re.escape(stem[-1])
    if final == NO_FINAL:
        last = "[" + "".join(syllable(initial, vowel, end) for end in ENDING_FINALS) + "]"
    start = r"(?<![\uac00-\ud7a3])" if len(stem) == 1 else ""
    return re.compile(start + re.escape(stem[:-1]) + last)


def letters(word):
    """The letters a keyboard types for ``word``: three per syllable (no final is one too)."""
    return tuple(index for char in word for index in parts(char))


def within_edits(a, b, limit):
    """Whether the letter sequences a and b are within ``limit`` edits (insert, delete, replace,
    swap neighbours): rapidfuzz's optimal string alignment, which stops once past ``limit``."""
    return OSA.distance(a, b, score_cutoff=limit) <= limit


def typo_candidates(word, vocabulary):
    """Words of ``vocabulary`` (or their beginnings, since particles follow) one typed letter
    away from ``word`` (two for words of four syllables or more); none for one syllable."""
    if len(word) < 2:
        return set()
    limit = 1 if len(word) < 4 else 2
    typed = letters(word)
    found = set()
    for known in vocabulary:
        # As for Latin words, a typo rarely hits the first key: the first consonant must agree.
        if parts(known[0])[0] != typed[0]:
            continue
        for length in {len(word) - 1, len(word), len(word) + 1}:
            candidate = known[:length]
            if (
                len(candidate) == length >= 2
                and candidate != word
                and within_edits(typed, letters(candidate), limit)
            ):
                found.add(candidate)
    return found


def segments(word, known):
    """``word`` typed without its spaces, as the fewest pieces ``known`` accepts (서버점검중 ->
    서버, 점검중); particles between pieces are dropped. None when no such split exists."""
    best = {0: []}
    for end in range(1, len(word) + 1):
        options = []
        for start in range(end):
            if start not in best:
                continue
            piece = word[start:end]
            if len(piece) >= 2 and known(piece):
                options.append(best[start] + [piece])
            elif start and piece in PARTICLES:
                options.append(best[start])
        if options:
            best[end] = min(options, key=len)
    pieces = best.get(len(word))
    # A word repeated (없음없음) is no phrase anyone types: nothing to split.
    return pieces if pieces and 1 < len(pieces) == len(set(pieces)) else None
