"""The site's search: the index of every code's words (``index``), how a query's words score
against it (``ranking``), and the answer a query gets, with excerpts (``answers``).
"""

from .answers import answer, excerpt, guides_for, matched_keywords, matches, results_for

__all__ = ["answer", "excerpt", "guides_for", "matched_keywords", "matches", "results_for"]
