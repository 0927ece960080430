from django import template
from django.utils.translation import gettext_lazy as _

from statuses.markup.markdown import ALLOWED_TAGS, render_content, render_inline

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


# A fact's or an answer's note: one line, its `code` shown as in the Markdown elsewhere.
register.filter("inline_code", render_inline, is_safe=True)


GUIDE_TAGS = ALLOWED_TAGS | {"h2", "h3"}


@register.filter(is_safe=True)
def guide_markdown(text):
    """A guide's Markdown, which may also have section headings (## and ###)."""
    return render_content(text, tags=GUIDE_TAGS)
