"""What the benchmarks that run in this process share: bench_render.py, bench_diff.py and
bench_page_render.py.

- ``least_cpu_seconds()``: the least CPU time of this process a call takes over several runs
  (other work on the machine only ever adds to it).
- ``real_content()``: every description in the content fixtures, the real text to measure with.
- ``target_status()``: the exit status, 1 where a target was missed (said on stderr).

Standard library only: a benchmark imports it before it sets Django up.
"""

import json
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def least_cpu_seconds(action, runs):
    """The least CPU time of this process that ``action()`` takes in ``runs`` runs."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time_ns()
        action()
        best = min(best, time.process_time_ns() - start)
    return best / 1e9


def real_content():
    """Every description in the content fixtures, one after the other."""
    texts = []
    for fixture in sorted((BASE_DIR / "fixtures").glob("*.json")):
        for row in json.loads(fixture.read_text()):
            texts += [row["fields"].get(f"description_{lang}", "") for lang in ("ko", "en")]
    return "\n\n".join(text for text in texts if text)


def target_status(missed, target):
    """1 when the ``target`` (its name) was ``missed``, said on stderr; else 0."""
    if missed:
        print(f"{target} target missed.", file=sys.stderr)
        return 1
    return 0
