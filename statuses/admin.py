from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .models import StatusClass, StatusCode, VendorUsage

admin.site.site_header = _("HTTP status code reference")
admin.site.site_title = _("HTTP status code reference")
admin.site.index_title = _("Content")

# Links typed without a scheme are taken as https (Django 6.0's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(StatusClass)
class StatusClassAdmin(admin.ModelAdmin):
    list_display = ["label", "name_ko", "name_en", "summary_ko", "updated_at"]
    search_fields = ["name_ko", "name_en", "summary_ko", "summary_en", "description_ko"]

    def get_readonly_fields(self, request, obj=None):
        return ["digit"] if obj else []

    @admin.display(description=_("class"), ordering="digit")
    def label(self, obj):
        return obj.label


class VendorUsageInline(admin.StackedInline):
    model = VendorUsage
    extra = 0
    formfield_overrides = HTTPS_URLS
    fields = ["vendor", "name", "source_url", "description_ko", "description_en"]


@admin.register(StatusCode)
class StatusCodeAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "iana_description",
        "common_name",
        "title_ko",
        "status_class",
        "registry_status",
        "deprecated",
        "updated_at",
    ]
    list_display_links = ["code", "iana_description"]
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
    formfield_overrides = HTTPS_URLS
    inlines = [VendorUsageInline]
    fieldsets = [
        (None, {"fields": ["code", "status_class", "registry_status", "deprecated"]}),
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

    def get_readonly_fields(self, request, obj=None):
        # The number is the identity of the page and of the fixtures: fixed once created.
        return ["code", "status_class"] if obj else ["status_class"]


@admin.register(VendorUsage)
class VendorUsageAdmin(admin.ModelAdmin):
    list_display = ["code", "vendor", "name", "updated_at"]
    list_filter = ["vendor"]
    list_select_related = ["code"]
    search_fields = ["=code__code", "vendor", "name", "description_ko", "description_en"]
    autocomplete_fields = ["code"]
    formfield_overrides = HTTPS_URLS
