"""Benchmark the word difference: `make bench` runs it after the Markdown benchmark.

The history page and the message a stale save gets show each changed field as a word-by-word
difference (``statuses.editing.history.word_diff``). This times it on the longest text the admin
accepts (LONG_TEXT_LIMIT characters) in the shapes that cost a difference the most: one word
repeated (difflib took minutes on it), a list with one number changed on every line, every other
word changed, a few words in random order, and real content. Each shape is timed again at twice the
limit, where a text of one-letter words reaches the most words ever compared (MAX_WORDS a side);
a text with more words is shown as old text out, new text in, without comparing. Each figure is
the least CPU time of this process over several runs (other work on the machine only ever adds
to it). Exits non-zero when the slowest shape takes over a tenth of a second at the limit, or
over a second at the word cap.
"""

import os
import random
import sys
from pathlib import Path

from in_process import least_cpu_seconds, real_content, target_status

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")

import django  # noqa: E402

django.setup()

from statuses.editing.history import MAX_WORDS, word_diff  # noqa: E402
from statuses.models import LONG_TEXT_LIMIT  # noqa: E402

RUNS = 5
MAX_SECONDS_AT_LIMIT = 0.1
MAX_SECONDS_AT_CAP = 1.0


def repeated(text, n):
    return (text * (n // len(text) + 1))[:n]


def numbered_list(n, offset=0):
    return repeated("".join(f"- step {i}: wait {i * 7 + offset} s\n" for i in range(n)), n)


def random_words(n, seed):
    draw = random.Random(seed)
    return repeated(" ".join(draw.choice(["a", "b", "c"]) for _ in range(n)), n)


def changed_every(text, every):
    words = text.split(" ")
    return " ".join(word + "x" if i % every == 0 else word for i, word in enumerate(words))


# name -> (old, new) for a text of n characters
SHAPES = {
    "one word repeated, one changed": lambda n: (
        repeated("a ", n),
        repeated("a ", n // 2) + "b " + repeated("a ", n - n // 2 - 2),
    ),
    "a list, a number changed per line": lambda n: (numbered_list(n), numbered_list(n, 1)),
    "every other word changed": lambda n: (repeated("a b ", n), repeated("a c ", n)),
    "three words at random": lambda n: (random_words(n, 1), random_words(n, 2)),
    "every word changed": lambda n: (repeated("a ", n), repeated("b ", n)),
    "words reversed": lambda n: (
        repeated("one two three four five ", n),
        repeated("five four three two one ", n),
    ),
    "lines and spaces": lambda n: (repeated("a\n\n b \t", n), repeated("a\n b\n\n \t", n)),
    "real content, a word in ten changed": lambda n: (
        repeated(real_content(), n),
        changed_every(repeated(real_content(), n), 10),
    ),
}


def diff_seconds(old, new):
    return least_cpu_seconds(lambda: word_diff(old, new), RUNS)


def main():
    cap_chars = 2 * MAX_WORDS  # "a " repeated: the most words a side is compared with
    print(f"Word difference time at the length limit ({LONG_TEXT_LIMIT:,} characters) and at")
    print(f"{cap_chars:,} characters ({MAX_WORDS:,} words a side at most, the most ever compared),")
    print(f"least CPU time of {RUNS} runs.\n")
    print(f"| shape | ms at {LONG_TEXT_LIMIT:,} characters | ms at {cap_chars:,} |")
    print("|---|---:|---:|")
    slowest_at_limit = slowest_at_cap = 0.0
    for name, make in SHAPES.items():
        at_limit = diff_seconds(*make(LONG_TEXT_LIMIT))
        at_cap = diff_seconds(*make(cap_chars))
        slowest_at_limit = max(slowest_at_limit, at_limit)
        slowest_at_cap = max(slowest_at_cap, at_cap)
        print(f"| {name} | {at_limit * 1000:.1f} | {at_cap * 1000:.1f} |")
    print(
        f"\nSlowest: {slowest_at_limit * 1000:.1f} ms at the limit "
        f"(target < {MAX_SECONDS_AT_LIMIT * 1000:.0f} ms), {slowest_at_cap * 1000:.1f} ms "
        f"at the word cap (target < {MAX_SECONDS_AT_CAP * 1000:.0f} ms)."
    )
    missed = slowest_at_limit > MAX_SECONDS_AT_LIMIT or slowest_at_cap > MAX_SECONDS_AT_CAP
    return target_status(missed, "Difference")


if __name__ == "__main__":
    sys.exit(main())
