import re

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from statuses.markdown import ALLOWED_TAGS, render_markdown

register = template.Library()

# Fact values are short and language-neutral in the content; these few words are translated.
VALUE_LABELS = {
    "yes": _("yes"),
    "no": _("no"),
    "never": _("never"),
    "permanent": _("permanent"),
    "temporary": _("temporary"),
    "same": _("same method"),
    "same, no body": _("same method, body dropped"),
}


@register.filter
def fact_value(value):
    return VALUE_LABELS.get(value, value)


INLINE_CODE = re.compile(r"`([^`]+)`")


@register.filter(is_safe=True)
def inline_code(text):
    """Plain text with `backticks` shown as code, as in the Markdown elsewhere."""
    return mark_safe(INLINE_CODE.sub(r"<code>\1</code>", escape(text)))


@register.filter(is_safe=True)
def guide_markdown(text):
    """A guide's Markdown, which may also have section headings (## and ###)."""
    return render_markdown(text, tags=ALLOWED_TAGS | {"h2", "h3"})
