"""Benchmark the Markdown renderer: `make bench` runs it after the server benchmark.

Renders the longest description the admin accepts (LONG_TEXT_LIMIT characters) in the shapes
that are slowest to parse and sanitize (long lines, open brackets, deep nesting, emphasis
runs, real content repeated) through the same function the pages, the API and the admin preview
use, against a throwaway SQLite database loaded with the content fixtures (the renderer links
the code numbers the site documents). Each figure is the least CPU time of this process over
several runs (other work on the machine only ever adds to it). Each shape is also rendered at
four times the limit: for linear time the ratio is near 4, for quadratic near 16. Exits non-zero
when the slowest shape takes over a second at the limit, or grows more than 10 times for 4 times
the text.
"""

import os
import shutil
import sys
import tempfile
from pathlib import Path

from in_process import least_cpu_seconds, real_content, target_status

BASE_DIR = Path(__file__).resolve().parent.parent
WORKDIR = Path(tempfile.mkdtemp(prefix="httpstatus-markdown-"))
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
# A throwaway database with the content: the renderer links the code numbers the site documents.
os.environ["DATABASE_URL"] = f"sqlite:///{WORKDIR / 'markdown.sqlite3'}"
os.environ["CACHE_URL"] = f"filecache://{WORKDIR / 'cache'}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from statuses.markup.markdown import render_markdown  # noqa: E402
from statuses.models import LONG_TEXT_LIMIT  # noqa: E402

RUNS = 5
MAX_SECONDS = 1.0
MAX_GROWTH = 10.0  # linear time gives 4, quadratic 16


SHAPES = {
    "real content, repeated": lambda n: (real_content() * (n // len(real_content()) + 1))[:n],
    "one line of letters": lambda n: "a" * n,
    "one line of words": lambda n: ("word " * n)[:n],
    "open brackets [[[": lambda n: "[" * n,
    "image openers ![![": lambda n: "![" * (n // 2),
    "links [a](": lambda n: "[a](" * (n // 4),
    "emphasis *a*a": lambda n: "*a" * (n // 2),
    "underscores _a_a": lambda n: "_a" * (n // 2),
    "code spans `a`a": lambda n: "`a" * (n // 2),
    "angle brackets <a<a": lambda n: "<a" * (n // 2),
    "nested quotes >>>": lambda n: ">" * (n - 1) + "a",
    "nested lists 1. 1.": lambda n: "1. " * (n // 3),
    "list under each line": lambda n: ("x\n- y\n" * n)[:n],
    "backslashes": lambda n: "\\" * n,
    "entities &amp;": lambda n: "&amp;" * (n // 5),
}


def render_seconds(text):
    return least_cpu_seconds(lambda: render_markdown(text), RUNS)


def main():
    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    print(f"Markdown render time at the length limit ({LONG_TEXT_LIMIT:,} characters),")
    print(f"least CPU time of {RUNS} runs; growth = time at 4 times the limit / time at it.\n")
    print(f"| shape | ms at {LONG_TEXT_LIMIT:,} | ms at {4 * LONG_TEXT_LIMIT:,} | growth |")
    print("|---|---:|---:|---:|")
    slowest, worst_growth = 0.0, 0.0
    for name, make in SHAPES.items():
        at_limit = render_seconds(make(LONG_TEXT_LIMIT))
        beyond = render_seconds(make(4 * LONG_TEXT_LIMIT))
        growth = beyond / max(at_limit, 1e-3)  # below 1 ms the ratio is noise
        slowest = max(slowest, at_limit)
        if beyond > 0.01:  # only where the time is large enough to measure
            worst_growth = max(worst_growth, growth)
        print(f"| {name} | {at_limit * 1000:.1f} | {beyond * 1000:.1f} | {growth:.1f}x |")
    print(
        f"\nSlowest: {slowest * 1000:.1f} ms (target < {MAX_SECONDS * 1000:.0f} ms); "
        f"largest growth over 10 ms: {worst_growth:.1f}x (target < {MAX_GROWTH:.0f}x)."
    )
    return target_status(slowest > MAX_SECONDS or worst_growth > MAX_GROWTH, "Render")


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
