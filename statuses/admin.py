from dataclasses import replace

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.http import Http404
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from .admin_columns import code_name, registry, updated
from .forms import StatusCodeForm, VersionedForm
from .models import CodeComparison, EditConflict, StatusClass, StatusCode, VendorUsage, web_link
from .preview import preview_urls, render_preview

admin.site.site_header = _("HTTP status code reference")
admin.site.site_title = _("HTTP status code reference")
admin.site.index_title = _("Content")

# Links typed without a scheme are taken as https (Django 6.0's default); any other scheme
# gets the model's own message, which says what is allowed.
HTTPS_URLS = {
    models.URLField: {"assume_scheme": "https", "error_messages": {"invalid": web_link.message}}
}


class ContentChangesHelper(HistoricalRecordContextHelper):
    """The history's differences, without the version number that every save bumps."""

    def context_for_delta_changes(self, delta):
        changes = [change for change in delta.changes if change.field != "version"]
        return super().context_for_delta_changes(replace(delta, changes=changes))


class EditorAdmin(SimpleHistoryAdmin):
    """History with revert, conflict-safe saves, Markdown previews, a link to the public page."""

    form = VersionedForm
    formfield_overrides = HTTPS_URLS

    class Media:
        js = ["js/admin-preview.js"]

    def get_urls(self):
        return preview_urls(self) + super().get_urls()

    def get_historical_record_context_helper(self, request, historical_record):
        return ContentChangesHelper(self.model, historical_record)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except EditConflict:
            # Another save won the race after this form was validated; the transaction was
            # rolled back. Handling the request again shows the editor the conflict.
            return super().changeform_view(request, object_id, form_url, extra_context)

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
        try:
            with transaction.atomic(using=router.db_for_write(self.model)):
                return super().history_form_view(request, object_id, version_id, extra_context)
        except EditConflict:
            return super().history_form_view(request, object_id, version_id, extra_context)

    def response_add(self, request, obj, post_url_continue=None):
        request.public_url = obj.get_absolute_url()
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        request.public_url = obj.get_absolute_url()
        return super().response_change(request, obj)

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        public_url = getattr(request, "public_url", None)
        if public_url and level == messages.SUCCESS:
            message = format_html(
                '{} <a href="{}">{}</a>', message, public_url, _("See it on the site.")
            )
        super().message_user(request, message, level, *args, **kwargs)

    @admin.display(description=_("preview (Korean)"))
    def preview_ko(self, obj):
        return render_preview(obj.description_ko)

    @admin.display(description=_("preview (English)"))
    def preview_en(self, obj):
        return render_preview(obj.description_en)


def is_valid_key(field, value):
    """Whether a key from the URL fits the field (django-simple-history's views would fail)."""
    try:
        field.to_python(unquote(value))
    except ValidationError:
        return False
    return True


@admin.register(StatusClass)
class StatusClassAdmin(EditorAdmin):
    list_display = ["label", "name_ko", "name_en", "summary_ko", "updated_at"]
    search_fields = ["name_ko", "name_en", "summary_ko", "summary_en", "description_ko"]
    fields = [
        "digit",
        "version",
        "name_ko",
        "name_en",
        "summary_ko",
        "summary_en",
        "description_ko",
        "preview_ko",
        "description_en",
        "preview_en",
    ]

    def get_readonly_fields(self, request, obj=None):
        previews = ["preview_ko", "preview_en"]
        return ["digit", *previews] if obj else previews

    @admin.display(description=_("class"), ordering="digit")
    def label(self, obj):
        return obj.label


class VendorUsageInline(admin.StackedInline):
    model = VendorUsage
    form = VersionedForm
    extra = 0
    formfield_overrides = HTTPS_URLS
    fields = ["version", "vendor", "name", "source_url", "description_ko", "description_en"]


@admin.register(StatusCode)
class StatusCodeAdmin(EditorAdmin):
    form = StatusCodeForm
    list_display = ["code", "title_ko", code_name, registry, updated]
    list_display_links = ["code", "title_ko"]
    list_filter = ["status_class", "registry_status", "deprecated", "cacheable_by_default"]
    list_select_related = ["status_class"]
    search_fields = [
        "=code",
        "iana_description",
        "common_name",
        "former_names",
        "title_ko",
        "summary_ko",
        "summary_en",
        "description_ko",
        "description_en",
    ]
    filter_horizontal = ["related_codes"]
    inlines = [VendorUsageInline]
    fieldsets = [
        (None, {"fields": ["code", "status_class", "version", "registry_status", "deprecated"]}),
        (
            _("Names"),
            {"fields": ["iana_description", "common_name", "former_names", "title_ko"]},
        ),
        (
            _("Text"),
            {
                "fields": [
                    "summary_ko",
                    "summary_en",
                    "description_ko",
                    "preview_ko",
                    "description_en",
                    "preview_en",
                    "example",
                    "deprecation_note_ko",
                    "deprecation_note_en",
                ]
            },
        ),
        (
            _("Specification"),
            {
                "fields": [
                    "spec_document",
                    "spec_section",
                    "spec_url",
                    "related_headers",
                    "cacheable_by_default",
                    "related_codes",
                ]
            },
        ),
        (
            _("Django and Python"),
            {
                "fields": [
                    "django_snippet",
                    "django_notes_ko",
                    "django_notes_en",
                    "drf_constant",
                    "http_status_name",
                ]
            },
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        # The number is the identity of the page and of the fixtures: fixed once created.
        derived = ["status_class", "preview_ko", "preview_en"]
        return ["code", *derived] if obj else derived


@admin.register(VendorUsage)
class VendorUsageAdmin(EditorAdmin):
    list_display = ["code", "vendor", "name", "updated_at"]
    list_filter = ["vendor"]
    list_select_related = ["code"]
    search_fields = ["=code__code", "vendor", "name", "description_ko", "description_en"]
    autocomplete_fields = ["code"]
    fields = [
        "code",
        "version",
        "vendor",
        "name",
        "source_url",
        "description_ko",
        "preview_ko",
        "description_en",
        "preview_en",
    ]
    readonly_fields = ["preview_ko", "preview_en"]


@admin.register(CodeComparison)
class CodeComparisonAdmin(EditorAdmin):
    list_display = ["__str__", "note_ko", "note_en", "updated_at"]
    list_select_related = ["first", "second"]
    search_fields = ["=first__code", "=second__code", "note_ko", "note_en"]
    autocomplete_fields = ["first", "second"]
    fields = ["first", "second", "version", "note_ko", "note_en"]
