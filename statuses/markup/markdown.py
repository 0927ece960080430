"""The one Markdown renderer: the pages, the admin's live preview, the content checks, the
search index (``plain_text``) and the short notes with inline code (``render_inline``) all read
an editor's text through it."""

import html
import re

import cmarkgfm
import nh3
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..caching.page_cache import per_content_version
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


# What an editor writes in a one-line note: `code`, *emphasis* and **strong**.
INLINE_TAGS = {"code", "em", "strong"}
BARE_URL = re.compile(r"https?://\S+")


def render_inline(text):
    """A short note's Markdown inline: paragraphs, lists and links are shown as their text."""
    return mark_safe(nh3.clean(commonmark_html(text), tags=INLINE_TAGS).strip())


def plain_text(text):
    """The words of a Markdown text as it reads on the page: link texts without their
    addresses, code without its backticks, no URLs, markers or emphasis."""
    words = html.unescape(nh3.clean(commonmark_html(text), tags=set()))
    return " ".join(BARE_URL.sub(" ", words).split())


@per_content_version
def rendered_content():
    """The content's texts as this process rendered them since the content last changed."""
    return {}


def render_content(text, current_code=None, tags=ALLOWED_TAGS):
    """``render_markdown`` for the texts of the content (the templates' filters): each rendered
    once per content version, language (code links point into the page's language) and page.

    A code page renders its description and its vendors' on every miss of the page cache; this
    keeps the Markdown out of all but the first (docs/benchmarks.md)."""
    rendered = rendered_content()
    key = (get_language(), current_code, frozenset(tags), text)
    html = rendered.get(key)
    if html is None:
        html = rendered[key] = render_markdown(text, current_code, tags)
    return html


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
