"""The one Markdown renderer: the pages, the admin's live preview and the content checks all
show an editor's text through it."""

import re

import cmarkgfm
import nh3
from django.utils.safestring import mark_safe

from .code_links import link_code_numbers

ALLOWED_TAGS = {"p", "a", "code", "pre", "em", "strong", "ul", "ol", "li", "blockquote", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}

# CommonMark nests quotes without limit (cmark stops lists at 100 levels), and sanitizing nested
# elements takes time quadratic in their depth: quotes deeper than this are flattened. cmark
# escapes all text and leaves raw HTML out, so these tags in its output are its own.
MAX_QUOTE_DEPTH = 8
QUOTE_TAG = re.compile(r"<(/?)blockquote>")


def render_markdown(text, current_code=None, tags=ALLOWED_TAGS):
    """Render an editor's Markdown and keep only harmless markup (no script, style or raw HTML).

    CommonMark by cmark, the reference parser, which takes time linear in the length of the text
    whatever the text holds (it is tested on pathological inputs; `make bench` measures ours).
    """
    html = flatten_deep_quotes(commonmark_html(text))
    clean = nh3.clean(
        html,
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(link_code_numbers(clean.strip(), current_code))


def commonmark_html(text):
    """cmark's HTML, before sanitizing: every link as the editor wrote it, but for addresses
    cmark leaves out (``javascript:``, ``vbscript:``, ``file:``, ``data:``)."""
    return cmarkgfm.markdown_to_html(text or "")


def flatten_deep_quotes(html):
    depth = 0

    def keep_if_shallow(tag):
        nonlocal depth
        if tag[1]:
            depth -= 1
            return tag[0] if depth < MAX_QUOTE_DEPTH else ""
        depth += 1
        return tag[0] if depth <= MAX_QUOTE_DEPTH else ""

    return QUOTE_TAG.sub(keep_if_shallow, html)
