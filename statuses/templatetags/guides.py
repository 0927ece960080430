from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# Fact values are short and language-neutral in the content; these few words are translated.
VALUE_LABELS = {
    "yes": _("yes"),
    "no": _("no"),
    "permanent": _("permanent"),
    "temporary": _("temporary"),
    "—": _("— (not followed)"),
}

# The codes the redirect guide covers: each of their pages links to it.
REDIRECT_GUIDE_CODES = {301, 302, 303, 307, 308}


@register.filter
def fact_value(value):
    return VALUE_LABELS.get(value, value)


@register.filter
def in_redirect_guide(code):
    return code in REDIRECT_GUIDE_CODES
