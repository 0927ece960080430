from django import template

from statuses import frameworks

register = template.Library()


@register.simple_tag
def status_frameworks(status):
    """``{% status_frameworks status as section %}``: the code's names in other frameworks and
    the lines that send it (``frameworks.for_status``); None when there is nothing to show."""
    return frameworks.for_status(status)
