"""The page django-axes shows when a login is locked out: the admin's own look, in Korean."""

from axes.helpers import get_cool_off
from django.contrib import admin
from django.template.response import TemplateResponse


def lockout_response(request, original_response=None, credentials=None):
    """429 with Retry-After, as the site's own page for 429 advises (AXES_LOCKOUT_CALLABLE)."""
    cool_off = get_cool_off(request)
    context = {
        **admin.site.each_context(request),
        "title": None,
        "minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    response = TemplateResponse(request, "admin/lockout.html", context, status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response.render()
