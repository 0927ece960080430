from django import template
from django.conf import settings
from django.utils.translation import get_language

from statuses.markdown import render_content

register = template.Library()

# ``{{ text|markdown }}``, or ``{{ text|markdown:status.code }}`` on the page of that code.
register.filter("markdown", render_content, is_safe=True)


@register.filter
def localized(obj, field):
    """``{{ status|localized:"summary" }}``: the field in the active language, else Korean."""
    return obj.localized(field)


@register.filter
def falls_back_to_korean(obj, field):
    """Whether ``obj|localized:field`` shows the Korean text because the page's language has
    none yet: the page says so and marks that text ``lang="ko"``."""
    return get_language() != settings.LANGUAGE_CODE and not getattr(obj, f"{field}_en")
