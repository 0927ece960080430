"""The guides' pages and JSON: prose with fact tables, and the decision guide's steps."""

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from .caching import cached_page
from .guide_models import DecisionAnswer, DecisionStep, Guide, GuideFact
from .site import absolute_url
from .views import api_view

TABLE_PLACEHOLDER = re.compile(r"^\[\[table:([a-z-]+)\]\]$", re.MULTILINE)


@dataclass
class FactTable:
    """A table of facts: one row per subject, one column per code (transposed when narrower)."""

    key: str
    title: str
    facts: list
    codes: list = field(default_factory=list)
    subjects: list = field(default_factory=list)

    def __post_init__(self):
        self.codes = sorted({fact.code for fact in self.facts}, key=lambda code: code.code)
        self.subjects = list(dict.fromkeys(fact.subject for fact in self.facts))

    @property
    def transposed(self):
        """Many codes and few subjects read better (and fit a phone) with codes as rows."""
        return len(self.codes) > len(self.subjects) + 2

    def grid(self):
        """(heading, [fact or None, ...]) rows, with the column headings from ``columns``."""
        cells = {(fact.subject, fact.code_id): fact for fact in self.facts}
        if self.transposed:
            return [
                (code, [cells.get((subject, code.code)) for subject in self.subjects])
                for code in self.codes
            ]
        return [
            (subject, [cells.get((subject, code.code)) for code in self.codes])
            for subject in self.subjects
        ]

    def columns(self):
        return self.subjects if self.transposed else self.codes

    @property
    def subject_is_code(self):
        """Django's tables name a decorator or call in each row: shown as code."""
        return self.key.startswith("django-")

    @property
    def measured_count(self):
        return sum(fact.is_measured for fact in self.facts)


def fact_tables(guide):
    """The guide's fact tables by key, in one query (facts with their codes)."""
    tables = {}
    for fact in guide.facts.select_related("code"):
        tables.setdefault(fact.table, []).append(fact)
    labels = dict(GuideFact.Table.choices)
    return {key: FactTable(key, labels.get(key, key), facts) for key, facts in tables.items()}


def body_sections(text, tables):
    """The Markdown split at each ``[[table:NAME]]`` line; tables not placed come last."""
    sections, placed = [], set()
    parts = TABLE_PLACEHOLDER.split(text)
    for index, part in enumerate(parts):
        if index % 2 == 0:
            if part.strip():
                sections.append({"markdown": part})
        elif part in tables and part not in placed:
            sections.append({"table": tables[part]})
            placed.add(part)
    sections += [{"table": table} for key, table in tables.items() if key not in placed]
    return sections


def steps_with_answers(guide):
    answers = DecisionAnswer.objects.select_related("end_code", "next_step")
    return guide.steps.prefetch_related(Prefetch("answers", queryset=answers))


@csrf_exempt
@require_safe
@cached_page
def guide_detail(request, slug):
    # 1. the guide, 2. its facts with their codes; a decision guide: 2. its steps,
    # 3. their answers with the next step and the code.
    guide = get_object_or_404(Guide, slug=slug)
    context = {"guide": guide, "title": guide.localized("title")}
    context["description"] = guide.localized("summary")
    if guide.kind == Guide.Kind.DECISION:
        steps = list(steps_with_answers(guide))
        context.update(steps=steps, step=steps[0] if steps else None)
        context["sections"] = body_sections(guide.localized("body"), {})
    else:
        tables = fact_tables(guide)
        context["sections"] = body_sections(guide.localized("body"), tables)
        context["measured_total"] = sum(t.measured_count for t in tables.values())
        context["fact_total"] = sum(len(t.facts) for t in tables.values())
    return render(request, "statuses/guide.html", context)


@csrf_exempt
@require_safe
@cached_page
def guide_step(request, slug, step):
    # 1. the step with its guide, 2. its answers with the next step and the code.
    answers = DecisionAnswer.objects.select_related("end_code", "next_step")
    step = get_object_or_404(
        DecisionStep.objects.select_related("guide").prefetch_related(
            Prefetch("answers", queryset=answers)
        ),
        guide_id=slug,
        slug=step,
    )
    context = {
        "guide": step.guide,
        "step": step,
        "title": f"{step.localized('question')} · {step.guide.localized('title')}",
        "description": step.guide.localized("summary"),
    }
    return render(request, "statuses/guide_step.html", context)


def guide_as_json(guide, details=False):
    data = {
        "slug": guide.slug,
        "kind": guide.kind,
        "title": guide.localized("title"),
        "summary": guide.localized("summary"),
        "url": absolute_url(guide.get_absolute_url()),
        "updated_at": guide.updated_at.isoformat(),
    }
    if not details:
        return data
    data["text"] = guide.localized("body")
    if guide.kind == Guide.Kind.DECISION:
        data["steps"] = [
            {
                "slug": step.slug,
                "question": step.localized("question"),
                "explanation": step.localized("help"),
                "url": absolute_url(step.get_absolute_url()),
                "answers": [
                    {
                        "answer": answer.localized("label"),
                        "next_step": answer.next_step_id,
                        "code": answer.end_code_id,
                        "why": answer.localized("note"),
                    }
                    for answer in step.answers.all()
                ],
            }
            for step in steps_with_answers(guide)
        ]
    else:
        data["facts"] = [
            {
                "table": fact.table,
                "subject": fact.subject,
                "code": fact.code_id,
                "value": fact.value,
                "evidence": fact.evidence,
                "source_url": fact.source_url,
                "note": fact.localized("note"),
            }
            for fact in guide.facts.all()
        ]
    return data


@csrf_exempt
@cached_page(params=["lang"])
@api_view
def api_guide_list(request):
    guides = [guide_as_json(guide) for guide in Guide.objects.all()]
    return JsonResponse(
        {"language": translation.get_language(), "count": len(guides), "guides": guides}
    )


@csrf_exempt
@cached_page(params=["lang"])
@api_view
def api_guide_detail(request, slug):
    guide = Guide.objects.filter(slug=slug).first()
    if guide is None:
        return JsonResponse(
            {
                "error": "not_found",
                "detail": _("No guide %(slug)s is published here.") % {"slug": slug},
            },
            status=404,
        )
    return JsonResponse(
        {"language": translation.get_language(), **guide_as_json(guide, details=True)}
    )
