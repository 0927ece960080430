import re

from django import template
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from statuses.markup.markdown import render_content
from statuses.site import absolute_url

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


@register.filter(is_safe=True)
def token_breaks(identifier):
    """An identifier that may wrap after each ``.`` or ``_``, never inside a word of it
    (``HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE``)."""
    return mark_safe(re.sub(r"([._])", r"\1<wbr>", escape(identifier)))


@register.filter
def absolute(path):
    """A path of this site as an absolute URL on its canonical origin (og:image wants one)."""
    return path if path.startswith(("http://", "https://")) else absolute_url(path)
