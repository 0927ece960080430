"""Admin for the guides: the same history, revert and conflict-safe saves as the reference."""

from django.contrib import admin

from .admin import HTTPS_URLS, EditorAdmin, render_preview
from .forms import VersionedForm
from .guide_models import DecisionAnswer, DecisionStep, Guide, GuideFact


@admin.register(Guide)
class GuideAdmin(EditorAdmin):
    list_display = ["slug", "title_ko", "title_en", "kind", "position", "updated_at"]
    search_fields = ["slug", "title_ko", "title_en", "summary_ko", "body_ko", "body_en"]
    fields = [
        "slug",
        "version",
        "kind",
        "position",
        "title_ko",
        "title_en",
        "summary_ko",
        "summary_en",
        "body_ko",
        "preview_ko",
        "body_en",
        "preview_en",
    ]

    def get_readonly_fields(self, request, obj=None):
        previews = ["preview_ko", "preview_en"]
        return ["slug", *previews] if obj else previews

    @admin.display(description=EditorAdmin.preview_ko.short_description)
    def preview_ko(self, obj):
        return render_preview(obj.body_ko)

    @admin.display(description=EditorAdmin.preview_en.short_description)
    def preview_en(self, obj):
        return render_preview(obj.body_en)


class DecisionAnswerInline(admin.StackedInline):
    model = DecisionAnswer
    fk_name = "step"
    form = VersionedForm
    extra = 0
    autocomplete_fields = ["next_step", "end_code"]
    fields = [
        "version",
        "position",
        "label_ko",
        "label_en",
        "next_step",
        "end_code",
        "note_ko",
        "note_en",
    ]


@admin.register(DecisionStep)
class DecisionStepAdmin(EditorAdmin):
    list_display = ["slug", "question_ko", "question_en", "guide", "position", "updated_at"]
    list_filter = ["guide"]
    search_fields = ["slug", "question_ko", "question_en"]
    inlines = [DecisionAnswerInline]
    fields = ["slug", "guide", "version", "position", "question_ko", "question_en"]
    fields += ["help_ko", "help_en"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug"] if obj else []


@admin.register(GuideFact)
class GuideFactAdmin(EditorAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["table", "subject", "code", "value", "evidence", "updated_at"]
    list_filter = ["guide", "table", "evidence"]
    list_select_related = ["code"]
    search_fields = ["subject", "value", "note_ko", "note_en", "=code__code"]
    autocomplete_fields = ["code"]
    fields = ["guide", "table", "row", "subject", "code", "version", "value", "evidence"]
    fields += ["source_url", "note_ko", "note_en"]
