"""The site's search: the index of every code's and guide's words (``index``), Korean words as
people type them (``hangul``), how a query's words score against the index (``ranking``), and
the answer a query gets, with excerpts (``answers``).
"""

from .answers import answer, excerpt, guides_for, matched_keywords, matches, results_for

__all__ = ["answer", "excerpt", "guides_for", "matched_keywords", "matches", "results_for"]
