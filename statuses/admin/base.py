"""The admin every content model shares: history with revert and recovery of deleted rows,
conflict-safe saves (``locking``), live Markdown previews and a link to the page it changed."""

import logging

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, models
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..editing.history import ContentChangesHelper
from ..editing.locking import VersionedAdminMixin
from ..http.database_faults import RETRY_AFTER, UNWRITABLE_MESSAGE, cannot_write
from ..models.fields import MarkdownField, web_link
from .forms import ContentForm
from .preview import MarkdownTextarea, preview_urls

logger = logging.getLogger(__name__)

# Links typed without a scheme are taken as https (Django 6.0's default); any other scheme
# gets the model's own message, which says what is allowed. Every Markdown field shows its
# text rendered under it.
EDITOR_FIELDS = {
    models.URLField: {"assume_scheme": "https", "error_messages": {"invalid": web_link.message}},
    MarkdownField: {"widget": MarkdownTextarea},
}


class EditorAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    """History with revert and recovery, conflict-safe saves, previews, a link to the site."""

    form = ContentForm
    formfield_overrides = EDITOR_FIELDS
    object_history_list_template = "admin/statuses/object_history_list.html"
    recover_list_template = "admin/statuses/recover_list.html"
    # The key, part of the row's address and of the fixtures: typed once, then shown read-only.
    fixed_after_creation = []

    class Media:
        js = ["js/admin-preview.js"]

    # Saving when the database cannot take it

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # Shown again by the view without its transaction, which the database may refuse to begin.
        return kept_when_refused(
            super().changeform_view,
            self._changeform_view,
            request,
            object_id,
            form_url,
            extra_context,
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if getattr(request, "database_unwritable", False):
            return type(form.__name__, (form,), {"database_unwritable": True})
        return form

    def render_change_form(self, request, context, *args, **kwargs):
        self.say_nothing_was_saved(request, context)
        return super().render_change_form(request, context, *args, **kwargs)

    def render_history_view(self, request, template, context, **kwargs):
        self.say_nothing_was_saved(request, context)
        return super().render_history_view(request, template, context, **kwargs)

    def say_nothing_was_saved(self, request, context):
        # The form holds the error that keeps it from saving, but nothing in it is for the
        # editor to correct: the message at the top of the page says what happened instead.
        if getattr(request, "database_unwritable", False):
            context["errors"] = []
            self.message_user(request, UNWRITABLE_MESSAGE, messages.ERROR)

    # History

    def get_historical_record_context_helper(self, request, historical_record):
        return ContentChangesHelper(self.model, historical_record)

    def history_view(self, request, object_id, extra_context=None):
        if not is_valid_key(self.model._meta.pk, object_id):
            raise Http404
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history_pk = self.model.history.model._meta.pk
        if not (
            is_valid_key(self.model._meta.pk, object_id) and is_valid_key(history_pk, version_id)
        ):
            raise Http404
        if request.method == "POST" and not self.may_restore(request, unquote(object_id)):
            raise PermissionDenied
        return kept_when_refused(
            super().history_form_view,
            super(VersionedAdminMixin, self).history_form_view,  # the library's, no transaction
            request,
            object_id,
            version_id,
            extra_context,
        )

    def may_restore(self, request, object_id):
        """Reverting needs the change permission; recovering a deleted row, the add one too."""
        if not self.has_change_permission(request):
            return False
        deleted = not self.model._base_manager.filter(pk=object_id).exists()
        return self.has_add_permission(request) if deleted else True

    # Recovering deleted rows

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        recover = path(
            "recover/",
            self.admin_site.admin_view(self.recover_list_view),
            name="{}_{}_recover".format(*info),
        )
        return [recover, *preview_urls(self), *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.has_add_permission(request) and self.has_change_permission(request):
            extra_context["recover_url"] = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_recover"
            )
        return super().changelist_view(request, extra_context)

    def recover_list_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Recover deleted %(name)s") % {"name": self.opts.verbose_name_plural},
            "deleted_rows": deleted_rows(self.model),
        }
        return TemplateResponse(request, self.recover_list_template, context)

    # Saving

    def response_add(self, request, obj, post_url_continue=None):
        request.public_url = public_url(obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        request.public_url = public_url(obj)
        return super().response_change(request, obj)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        url = getattr(request, "public_url", None)
        if url and level == messages.SUCCESS:
            message = format_html('{} <a href="{}">{}</a>', message, url, _("See it on the site."))
        super().message_user(request, message, level, *args, **kwargs)

    # Display

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*self.fixed_after_creation, *readonly] if obj else readonly


def kept_when_refused(view, again, request, *args):
    """``view``'s answer; when the database refuses a POST's write, the form shown again as
    posted (by ``again``, the view without the transaction) with a message that nothing was
    saved: 503, as the site answers when it cannot serve a request for now."""
    try:
        return view(request, *args)
    except DatabaseError as error:
        if request.method != "POST" or not cannot_write(error):
            raise
        logger.error("The database refused a save of %s: %s", request.path, error)
    request.database_unwritable = True
    response = again(request, *args)
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER)
    return response


def public_url(obj):
    """The row's page on the site, for models that have one (a comparison has none)."""
    get_absolute_url = getattr(obj, "get_absolute_url", None)
    return get_absolute_url() if get_absolute_url else None


def deleted_rows(model, limit=200):
    """(key, deletion, last saved entry) for each deleted row, most recently deleted first."""
    pk_name = model._meta.pk.attname
    deletions = (
        model.history.filter(history_type="-")
        .exclude(**{f"{pk_name}__in": model._base_manager.values("pk")})
        .order_by("-history_date", "-history_id")[:limit]
    )
    latest_deletions = {}
    for deletion in deletions:
        latest_deletions.setdefault(getattr(deletion, pk_name), deletion)
    # The entry before the deletion is the one to restore: the deletion's own holds no links.
    last_saved = {}
    saves = model.history.filter(**{f"{pk_name}__in": list(latest_deletions)}).exclude(
        history_type="-"
    )
    for record in saves.order_by("history_date", "history_id"):
        last_saved[getattr(record, pk_name)] = record
    return [
        (key, deletion, last_saved.get(key, deletion)) for key, deletion in latest_deletions.items()
    ]


def is_valid_key(field, value):
    """Whether a key from the URL fits the field (django-simple-history's views would fail)."""
    try:
        field.to_python(unquote(value))
    except ValidationError:
        return False
    return True
