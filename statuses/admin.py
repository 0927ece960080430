from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .admin_columns import code_name, registry, updated
from .class_models import StatusClass
from .comparison_models import CodeComparison
from .fields import web_link
from .forms import ContentForm, StatusCodeForm
from .history import ContentChangesHelper
from .locking import VersionedAdminMixin
from .models import StatusCode
from .preview import preview_urls, render_preview
from .vendor_models import VendorUsage

admin.site.site_header = _("HTTP status code reference")
admin.site.site_title = _("HTTP status code reference")
admin.site.index_title = _("Content")

# Links typed without a scheme are taken as https (Django 6.0's default); any other scheme
# gets the model's own message, which says what is allowed.
HTTPS_URLS = {
    models.URLField: {"assume_scheme": "https", "error_messages": {"invalid": web_link.message}}
}


class EditorAdmin(VersionedAdminMixin, SimpleHistoryAdmin):
    """History with revert and recovery, conflict-safe saves, previews, a link to the site."""

    form = ContentForm
    formfield_overrides = HTTPS_URLS
    object_history_list_template = "admin/statuses/object_history_list.html"
    recover_list_template = "admin/statuses/recover_list.html"

    # History

    class Media:
        js = ["js/admin-preview.js"]

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
        return super().history_form_view(request, object_id, version_id, extra_context)

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

    @admin.display(description=_("preview (Korean)"))
    def preview_ko(self, obj):
        return render_preview(obj.description_ko)

    @admin.display(description=_("preview (English)"))
    def preview_en(self, obj):
        return render_preview(obj.description_en)


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
    form = ContentForm
    extra = 0
    formfield_overrides = HTTPS_URLS
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
    search_fields = [
        "=code",
        "iana_description",
        "common_name",
        "former_names",
        "title_ko",
        "keywords_ko",
        "keywords_en",
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
            {
                "fields": [
                    "iana_description",
                    "common_name",
                    "former_names",
                    "title_ko",
                    "keywords_ko",
                    "keywords_en",
                    "originating_vendor",
                ]
            },
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
    fields = [
        "code",
        "version",
        "vendor",
        "vendor_code",
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


from . import guide_admin  # noqa: E402, F401  (registers the guides' admin)
