"""Admin for the guides: the same history, revert and conflict-safe saves as the reference."""

from django.contrib import admin

from ..models import DecisionAnswer, DecisionStep, Guide, GuideFact
from .base import EditorAdmin
from .forms import VersionedForm


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
        "body_en",
    ]
    fixed_after_creation = ["slug"]


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
    fixed_after_creation = ["slug"]


@admin.register(GuideFact)
class GuideFactAdmin(EditorAdmin):
    list_display = ["table", "subject", "code", "value", "evidence", "updated_at"]
    list_filter = ["guide", "table", "evidence"]
    list_select_related = ["code"]
    search_fields = ["subject", "value", "note_ko", "note_en", "=code__code"]
    autocomplete_fields = ["code"]
    fields = ["guide", "table", "row", "subject", "subject_ko", "code", "version", "value"]
    fields += ["evidence"]
    fields += ["source_url", "note_ko", "note_en"]
