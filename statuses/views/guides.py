"""The guides' pages: prose with fact tables, and the decision guide's steps."""

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from ..caching.page_cache import public_page
from ..models import DecisionAnswer, DecisionStep, Guide, GuideFact

TABLE_PLACEHOLDER = re.compile(r"^\[\[table:([a-z-]+)\]\]$", re.MULTILINE)


@dataclass
class FactTable:
    """A table of facts: one row per subject, one column per code (transposed when narrower)."""

    key: str
    title: str
    facts: list
    codes: list = field(default_factory=list)
    subjects: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)

    def __post_init__(self):
        self.codes = sorted({fact.code for fact in self.facts}, key=lambda code: code.code)
        self.subjects = list(dict.fromkeys(fact.subject for fact in self.facts))
        # Each subject as the page's language names it: the first of its rows that says.
        for fact in self.facts:
            if self.labels.get(fact.subject, fact.subject) == fact.subject:
                self.labels[fact.subject] = fact.subject_label

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
            (self.labels[subject], [cells.get((subject, code.code)) for code in self.codes])
            for subject in self.subjects
        ]

    def columns(self):
        return (
            [self.labels[subject] for subject in self.subjects] if self.transposed else self.codes
        )

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


@public_page
def guide_detail(request, slug):
    # 1. the guide, 2. its facts with their codes; a decision guide: 2. its steps,
    # 3. their answers with the next step and the code.
    guide = get_object_or_404(Guide, slug=slug)
    context = {"guide": guide}
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


@public_page
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
    context = {"guide": step.guide, "step": step}
    return render(request, "statuses/guide_step.html", context)
