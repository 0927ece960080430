"""Live Markdown preview for the admin's change forms: under every Markdown field's textarea the
text rendered by the site's own renderer, and a small staff-only endpoint that
static/js/admin-preview.js calls to render it again as the editor types."""

from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..markup.markdown import render_markdown

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


class MarkdownTextarea(AdminTextareaWidget):
    """The admin's textarea for a Markdown field (``models.MarkdownField``), with the text
    rendered under it as the site shows it: the text the form holds without JavaScript (the saved
    one, or the one posted back with an error), the text being typed with it."""

    def render(self, name, value, attrs=None, renderer=None):
        textarea = super().render(name, value, {**(attrs or {}), "data-markdown": ""}, renderer)
        return format_html(
            '<div class="markdown-field">{}<div class="markdown-preview-box">'
            '<p class="markdown-preview-label">{}</p>'
            '<div class="markdown-preview-output" aria-live="polite">{}</div></div></div>',
            textarea,
            _("Preview"),
            render_preview(value),
        )


def render_preview(text):
    """The Markdown as the public page renders it (sanitized), or a dash for no text."""
    if not text:
        return "—"
    return format_html('<div class="markdown-preview">{}</div>', render_markdown(text))
