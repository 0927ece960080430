from django import template

from statuses.content.registry import REGISTRY_CHECKED_ON

register = template.Library()


@register.simple_tag
def registry_checked_on():
    """The day the content was last compared with the IANA registry."""
    return REGISTRY_CHECKED_ON
