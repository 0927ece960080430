from django import template

from statuses.markdown import render_markdown

register = template.Library()

# ``{{ text|markdown }}``, or ``{{ text|markdown:status.code }}`` on the page of that code.
register.filter("markdown", render_markdown, is_safe=True)


@register.filter
def localized(obj, field):
    """``{{ status|localized:"summary" }}``: the field in the active language, else Korean."""
    return obj.localized(field)
