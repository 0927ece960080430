import re

import cmarkgfm
import nh3
from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

ALLOWED_TAGS = {"p", "a", "code", "pre", "em", "strong", "ul", "ol", "li", "blockquote", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}

# CommonMark nests quotes without limit (cmark stops lists at 100 levels), and sanitizing nested
# elements takes time quadratic in their depth: quotes deeper than this are flattened. cmark
# escapes all text and leaves raw HTML out, so these tags in its output are its own.
MAX_QUOTE_DEPTH = 8
QUOTE_TAG = re.compile(r"<(/?)blockquote>")


@register.filter(is_safe=True)
def markdown(text):
    """Render an editor's Markdown and keep only harmless markup (no script, style or raw HTML).

    CommonMark by cmark, the reference parser, which takes time linear in the length of the text
    whatever the text holds (it is tested on pathological inputs; `make bench` measures ours).
    """
    html = flatten_deep_quotes(cmarkgfm.markdown_to_html(text or ""))
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean.strip())


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


@register.filter
def localized(obj, field):
    """``{{ status|localized:"summary" }}``: the field in the active language, else Korean."""
    return obj.localized(field)


def words_pattern(query):
    words = sorted(set(query.split()), key=len, reverse=True)
    return re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE) if words else None


@register.filter(is_safe=True)
def highlight(text, query):
    """Escape ``text`` and wrap each word of the search query in <mark>."""
    text = str(text)
    pattern = words_pattern(query)
    if pattern is None:
        return escape(text)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts += [escape(text[last : match.start()]), f"<mark>{escape(match[0])}</mark>"]
        last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


@register.filter
def excerpt(text, query, width=80):
    """A plain-text stretch of Markdown ``text`` around the first word of the query it contains."""
    pattern = words_pattern(query)
    plain = " ".join(re.sub(r"[`*_#>\[\]]", "", text or "").split())
    match = pattern.search(plain) if pattern else None
    if match is None:
        return ""
    start, end = max(match.start() - width, 0), min(match.end() + width, len(plain))
    return ("…" if start else "") + plain[start:end] + ("…" if end < len(plain) else "")
