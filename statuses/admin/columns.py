"""Columns of the admin's code list, chosen to fit 1280 px: one name column in place of two
mostly empty ones, the deprecation flag beside the registry status, the date without the time."""

from django.contrib import admin
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _


@admin.display(description=_("name"), ordering="iana_description")
def code_name(status):
    """The registered name, with the common name under it where that differs (418, 499)."""
    registered = status.iana_description
    common = status.common_name if status.common_name != registered else ""
    if registered and common:
        return format_html('{}<span class="also-known-as">{}</span>', registered, common)
    return registered or common


@admin.display(description=_("registry status"), ordering="registry_status")
def registry(status):
    label = status.get_registry_status_display()
    if status.deprecated:
        return format_html('{}<span class="deprecated-flag">{}</span>', label, _("deprecated"))
    return label


@admin.display(description=_("updated"), ordering="updated_at")
def updated(obj):
    """The date; the exact time in a tooltip."""
    moment = localtime(obj.updated_at)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        moment.isoformat(),
        date_format(moment, "DATETIME_FORMAT"),
        moment.strftime("%Y-%m-%d"),
    )
