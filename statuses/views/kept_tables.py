"""The small tables a code page reads a part of, each read whole once per content version in a
process: the codes' order (the neighbours' links), the comparisons' one-line differences, the
caching guide's cells of reuse with no caching header.

A miss of the page cache then makes three simple queries, where it made four with four
correlated subqueries whose SQL alone took a fifth of the page's time (docs/benchmarks.md); the
first page after a change reads these tables as well.
"""

from bisect import bisect_left, bisect_right
from collections import defaultdict

from ..caching.page_cache import per_content_version
from ..markup.code_links import documented_codes
from ..models import CodeComparison, GuideFact


def neighbours(code):
    """The documented codes just before and after ``code`` (None at either end)."""
    codes = sorted(documented_codes())
    before, after = bisect_left(codes, code), bisect_right(codes, code)
    return (codes[before - 1] if before else None, codes[after] if after < len(codes) else None)


@per_content_version
def comparisons():
    """Every comparison, by its pair of codes (the lower first)."""
    return {(row.first_id, row.second_id): row for row in CodeComparison.objects.all()}


def compare_related(status):
    """Give each of ``status``'s related codes (prefetched) the one-line difference between the
    two, ``comparison_ko`` / ``comparison_en`` (empty where none is written)."""
    kept = comparisons()
    for other in status.related_codes.all():
        row = kept.get((min(status.code, other.code), max(status.code, other.code)))
        other.comparison_ko, other.comparison_en = (row.note_ko, row.note_en) if row else ("", "")


@per_content_version
def default_reuse():
    """The caching guide's cells of reuse with no caching header, by code, in row order, the
    RFC's own row left out (the page shows who reuses, not what the RFC allows)."""
    cells = defaultdict(list)
    for fact in GuideFact.objects.filter(table=GuideFact.Table.CACHE_DEFAULT).order_by("row"):
        if fact.subject != "RFC":
            cells[fact.code_id].append(fact)
    return dict(cells)
