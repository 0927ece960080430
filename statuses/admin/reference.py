"""The admin of the reference's own models; the guides' is in ``admin.guides``, and what every
content model's admin shares in ``admin.base``."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import (
    NAME_FIELDS,
    SEARCHED_FIELDS,
    CodeComparison,
    StatusClass,
    StatusCode,
    VendorUsage,
)
from .base import EDITOR_FIELDS, EditorAdmin
from .columns import code_name, registry, updated
from .forms import ContentForm, StatusCodeForm

admin.site.site_header = _("HTTP status code reference")
admin.site.site_title = _("HTTP status code reference")
admin.site.index_title = _("Content")


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
        "description_en",
    ]
    fixed_after_creation = ["digit"]

    @admin.display(description=_("class"), ordering="digit")
    def label(self, obj):
        return obj.label


class VendorUsageInline(admin.StackedInline):
    model = VendorUsage
    form = ContentForm
    extra = 0
    formfield_overrides = EDITOR_FIELDS
    fields = [
        "version",
        "vendor",
        "vendor_code",
        "name",
        "source_url",
        "description_ko",
        "description_en",
    ]


@admin.register(StatusCode)
class StatusCodeAdmin(EditorAdmin):
    form = StatusCodeForm
    list_display = ["code", "title_ko", code_name, registry, updated]
    list_display_links = ["code", "title_ko"]
    list_filter = ["status_class", "registry_status", "deprecated", "cacheable_by_default"]
    list_select_related = ["status_class"]
    search_fields = ["=code", *SEARCHED_FIELDS]
    filter_horizontal = ["related_codes"]
    inlines = [VendorUsageInline]
    fieldsets = [
        (None, {"fields": ["code", "status_class", "version", "registry_status", "deprecated"]}),
        (
            _("Names"),
            {"fields": [*NAME_FIELDS, "originating_vendor"]},
        ),
        (
            _("Text"),
            {
                "fields": [
                    "summary_ko",
                    "summary_en",
                    "description_ko",
                    "description_en",
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
    readonly_fields = ["status_class"]
    fixed_after_creation = ["code"]


@admin.register(VendorUsage)
class VendorUsageAdmin(EditorAdmin):
    list_display = ["code", "vendor", "vendor_code", "name", "updated_at"]
    list_filter = ["vendor"]
    list_select_related = ["code"]
    search_fields = [
        "=code__code",
        "vendor",
        "=vendor_code",
        "name",
        "description_ko",
        "description_en",
    ]
    autocomplete_fields = ["code"]
    fields = ["code", *VendorUsageInline.fields]  # the inline's, and which code


@admin.register(CodeComparison)
class CodeComparisonAdmin(EditorAdmin):
    list_display = ["__str__", "note_ko", "note_en", "updated_at"]
    list_select_related = ["first", "second"]
    search_fields = ["=first__code", "=second__code", "note_ko", "note_en"]
    autocomplete_fields = ["first", "second"]
    fields = ["first", "second", "version", "note_ko", "note_en"]
