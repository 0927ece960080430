import re

import markdown as markdown_lib
import nh3
from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

register = template.Library()

ALLOWED_TAGS = {"p", "a", "code", "pre", "em", "strong", "ul", "ol", "li", "blockquote", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}

# A list that starts right under a paragraph line (as GitHub allows) needs a blank line first
# for Python-Markdown to see it as a list.
LIST_ITEM = r"[ \t]*(?:[-*+]|\d+\.)[ \t]"
LIST_AFTER_TEXT = re.compile(rf"^((?!{LIST_ITEM}).*\S.*)\n(?={LIST_ITEM})", re.MULTILINE)


@register.filter(is_safe=True)
def markdown(text, tags=ALLOWED_TAGS):
    """Render an editor's Markdown and keep only harmless markup (no script, style or raw HTML)."""
    text = LIST_AFTER_TEXT.sub("\\1\n\n", text or "")
    html = markdown_lib.markdown(text, extensions=["fenced_code"], output_format="html")
    clean = nh3.clean(
        html,
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)


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
