from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from statuses import search

register = template.Library()


@register.filter(is_safe=True)
def highlight(text, terms):
    """Escape ``text`` and wrap the words the search matched in <mark> (whole Latin words)."""
    text = str(text)
    if not terms:
        return escape(text)
    parts, last = [], 0
    for start, end in search.matches(text, terms or []):
        parts += [escape(text[last:start]), f"<mark>{escape(text[start:end])}</mark>"]
        last = end
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


@register.simple_tag
def search_excerpt(status, terms):
    """Plain text of the description around the first matched word."""
    return search.excerpt(status.code, terms)


@register.simple_tag
def matched_keywords(status, terms):
    """The code's keywords that the query matched, to show why it was found."""
    return search.matched_keywords(status, terms)
