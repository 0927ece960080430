import re

import markdown as markdown_lib
import nh3
from django import template
from django.utils.safestring import mark_safe

from statuses.code_links import link_code_numbers

register = template.Library()

ALLOWED_TAGS = {"p", "a", "code", "pre", "em", "strong", "ul", "ol", "li", "blockquote", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}

# A list that starts right under a paragraph line (as GitHub allows) needs a blank line first
# for Python-Markdown to see it as a list.
LIST_ITEM = r"[ \t]*(?:[-*+]|\d+\.)[ \t]"
LIST_AFTER_TEXT = re.compile(rf"^((?!{LIST_ITEM}).*\S.*)\n(?={LIST_ITEM})", re.MULTILINE)


@register.filter(is_safe=True)
def markdown(text, current_code=None):
    """Render an editor's Markdown and keep only harmless markup (no script, style or raw HTML)."""
    text = LIST_AFTER_TEXT.sub("\\1\n\n", text or "")
    html = markdown_lib.markdown(text, extensions=["fenced_code"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(link_code_numbers(clean, current_code))


@register.filter
def localized(obj, field):
    """``{{ status|localized:"summary" }}``: the field in the active language, else Korean."""
    return obj.localized(field)
