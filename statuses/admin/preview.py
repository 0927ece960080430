"""Live Markdown preview for the admin's change forms: the site's own renderer behind a small
staff-only endpoint, called by static/js/admin-preview.js as the editor types."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..markdown import render_markdown

# Far above any description; a guard against posting megabytes to a renderer.
MAX_PREVIEW_LENGTH = 50_000


def preview_urls(model_admin):
    """``<model>/preview/`` under the model's admin, behind the admin's login and CSRF checks."""

    @require_POST
    def preview(request):
        if not model_admin.has_change_permission(request):
            raise PermissionDenied
        text = request.POST.get("text", "")
        if len(text) > MAX_PREVIEW_LENGTH:
            return HttpResponseBadRequest(
                _("The text is too long to preview (at most %(count)d characters).")
                % {"count": MAX_PREVIEW_LENGTH},
                content_type="text/plain; charset=utf-8",
            )
        return HttpResponse(render_preview(text))

    opts = model_admin.model._meta
    name = f"{opts.app_label}_{opts.model_name}_preview"
    return [path("preview/", model_admin.admin_site.admin_view(preview), name=name)]


def render_preview(text):
    """The Markdown as the public page renders it (sanitized), or a dash for no text."""
    if not text:
        return "—"
    return format_html('<div class="markdown-preview">{}</div>', render_markdown(text))
