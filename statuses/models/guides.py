"""Guides: longer pages that answer a question across codes, built from editable content.

A guide has Markdown prose; the decision guide adds steps (a question with answers, each leading
to the next step or to the code to send); the redirect and caching guides add fact tables, one
cell per subject (a client, a cache, a Django call) and status code, each marked measured (by the
test suite) or cited (with its source).
"""

from functools import reduce
from operator import or_

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .fields import (
    SAME_IN_ENGLISH,
    ContentModel,
    NaturalKeyManager,
    NaturalKeyMixin,
    line,
    markdown_text,
    web_link,
)

slug_help = _("Lower-case letters, digits and hyphens; part of the address, fixed once created.")


class GuideQuerySet(models.QuerySet):
    def search(self, text):
        """Guides whose title, summary or text holds every word of ``text``."""
        words = text.split()
        if not words:
            return self.none()
        fields = ["title_ko", "title_en", "summary_ko", "summary_en", "body_ko", "body_en"]
        matches = [reduce(or_, (Q(**{f"{f}__icontains": word}) for f in fields)) for word in words]
        return self.filter(*matches)


class Guide(ContentModel):
    class Kind(models.TextChoices):
        DECISION = "decision", _("Decision guide (questions and answers)")
        TABLES = "tables", _("Article with fact tables")

    slug = models.SlugField(_("address"), primary_key=True, max_length=40, help_text=slug_help)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.TABLES)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Guides are listed in this order.")
    )
    title_ko = line(_("title (Korean)"), 100)
    title_en = line(_("title (English)"), 100, blank=True)
    summary_ko = line(
        _("one-line summary (Korean)"),
        300,
        _("One sentence, shown on the home page and in search results."),
    )
    summary_en = line(_("one-line summary (English)"), 300, blank=True)
    body_ko = markdown_text(
        _("text (Korean)"),
        _(
            "Markdown. A line [[table:NAME]] places that fact table there "
            "(redirect-method, redirect-other-methods, redirect-follow, redirect-cache, "
            "redirect-limit, redirect-authorization, redirect-search, django-redirect, "
            "cache-default, cache-must-not-store, django-cache-control, django-cache-page)."
        ),
    )
    body_en = markdown_text(_("text (English)"), SAME_IN_ENGLISH, blank=True)

    objects = GuideQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def __str__(self):
        return self.title_en or self.title_ko

    def get_absolute_url(self):
        return reverse("statuses:guide", kwargs={"slug": self.slug})


class DecisionStep(ContentModel):
    """One question of a decision guide; its answers lead on. The lowest position starts."""

    slug = models.SlugField(_("address"), primary_key=True, max_length=40, help_text=slug_help)
    guide = models.ForeignKey(
        Guide, verbose_name=_("guide"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("The step with the lowest position is the first.")
    )
    question_ko = line(_("question (Korean)"), 200)
    question_en = line(_("question (English)"), 200, blank=True)
    help_ko = markdown_text(
        _("explanation (Korean)"), _("Markdown, under the question."), blank=True
    )
    help_en = markdown_text(_("explanation (English)"), SAME_IN_ENGLISH, blank=True)

    class Meta:
        ordering = ["guide", "position", "slug"]
        verbose_name = _("decision step")
        verbose_name_plural = _("decision steps")

    def __str__(self):
        return f"{self.slug}: {self.question_ko}"

    def get_absolute_url(self):
        return reverse("statuses:guide-step", kwargs={"slug": self.guide_id, "step": self.slug})


class DecisionAnswer(NaturalKeyMixin, ContentModel):
    """A plain link: to the next step, or to the code to send (its page's Django section)."""

    step = models.ForeignKey(
        DecisionStep, verbose_name=_("step"), on_delete=models.CASCADE, related_name="answers"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label_ko = line(_("answer (Korean)"), 200)
    label_en = line(_("answer (English)"), 200, blank=True)
    next_step = models.ForeignKey(
        DecisionStep,
        verbose_name=_("next step"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("Either a next step or a code to send, not both."),
    )
    end_code = models.ForeignKey(
        "StatusCode",
        verbose_name=_("code to send"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    note_ko = line(
        _("why this code (Korean)"),
        300,
        _("One sentence shown with the code (300 characters at most)."),
        blank=True,
    )
    note_en = line(_("why this code (English)"), 300, blank=True)

    natural_key_fields = ("step", "position")
    objects = NaturalKeyManager()

    class Meta:
        ordering = ["step", "position"]
        constraints = [
            models.UniqueConstraint(fields=["step", "position"], name="unique_answer_position"),
            models.CheckConstraint(
                condition=Q(next_step__isnull=True, end_code__isnull=False)
                | Q(next_step__isnull=False, end_code__isnull=True),
                name="answer_leads_to_step_or_code",
                violation_error_message=_("An answer leads to a next step or to a code."),
            ),
        ]
        verbose_name = _("decision answer")
        verbose_name_plural = _("decision answers")

    def __str__(self):
        return f"{self.step_id} #{self.position}: {self.label_ko}"

    def clean(self):
        super().clean()
        if (self.next_step_id is None) == (self.end_code_id is None):
            raise ValidationError(_("Choose either a next step or a code to send, not both."))
        if self.next_step_id is not None and self.next_step_id == self.step_id:
            raise ValidationError({"next_step": _("An answer cannot lead back to its own step.")})

    def get_absolute_url(self):
        return self.step.get_absolute_url()


class GuideFact(NaturalKeyMixin, ContentModel):
    """One cell of a guide's table: what ``subject`` does with ``code``, and how we know."""

    class Table(models.TextChoices):
        REDIRECT_METHOD = "redirect-method", _("A POST with a body, redirected: the next request")
        REDIRECT_OTHER_METHODS = (
            "redirect-other-methods",
            _("A PUT, PATCH or DELETE, redirected: the next request"),
        )
        REDIRECT_FOLLOW = "redirect-follow", _("A GET, redirected: followed by default?")
        REDIRECT_CACHE = (
            "redirect-cache",
            _("The same redirect, with no caching header, asked twice: remembered?"),
        )
        REDIRECT_LIMIT = "redirect-limit", _("302 after 302: how many redirects are followed?")
        REDIRECT_AUTHORIZATION = (
            "redirect-authorization",
            _("Redirected to another origin: is Authorization sent there?"),
        )
        REDIRECT_SEARCH = "redirect-search", _("Search engines")
        CACHE_DEFAULT = (
            "cache-default",
            _("No Cache-Control, Expires or Last-Modified: stored and reused?"),
        )
        CACHE_MUST_NOT_STORE = (
            "cache-must-not-store",
            _("Cache-Control: max-age=600 on a code that must not be stored: stored?"),
        )
        DJANGO_REDIRECT = "django-redirect", _("Django: which call sends which redirect")
        DJANGO_CACHE_CONTROL = "django-cache-control", _("Django: the Cache-Control it sends")
        DJANGO_CACHE_PAGE = "django-cache-page", _("Django's cache_page: stored per status?")

    class Evidence(models.TextChoices):
        MEASURED = "measured", _("Measured by the test suite")
        CITED = "cited", _("Cited from the source")

    guide = models.ForeignKey(
        Guide, verbose_name=_("guide"), on_delete=models.CASCADE, related_name="facts"
    )
    table = models.CharField(_("table"), max_length=30, choices=Table)
    row = models.PositiveSmallIntegerField(
        _("row"), help_text=_("Rows are numbered from 1 and shown in this order.")
    )
    subject = line(
        _("subject"), 120, _("The row: a client (curl -L), a cache (nginx) or a Django call.")
    )
    subject_ko = line(
        _("subject (Korean)"),
        120,
        _(
            "The row's name on Korean pages where it differs from the subject (브라우저(HTTP "
            "캐시)); empty: the subject as written. Give it on every fact of the row."
        ),
        blank=True,
    )
    code = models.ForeignKey(
        "StatusCode", verbose_name=_("code"), on_delete=models.PROTECT, related_name="+"
    )
    value = line(
        _("value"),
        200,
        _(
            "Short and language-neutral: the next request's method (GET, POST, same: each "
            "method kept) or — (not followed) for redirected requests; yes, no or never; "
            "permanent or temporary; a number; a header value for Django."
        ),
    )
    evidence = models.CharField(_("evidence"), max_length=10, choices=Evidence)
    source_url = models.URLField(
        _("source link"),
        blank=True,
        validators=[web_link],
        help_text=_("Required for a cited fact: the document that says it."),
    )
    note_ko = line(_("note (Korean)"), 200, blank=True)
    note_en = line(_("note (English)"), 200, blank=True)

    natural_key_fields = ("guide", "table", "row", "code")
    objects = NaturalKeyManager()

    class Meta:
        ordering = ["guide", "table", "row", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["guide", "table", "row", "code"], name="unique_guide_fact"
            ),
            models.CheckConstraint(
                condition=Q(evidence="measured") | ~Q(source_url=""),
                name="cited_fact_has_source",
                violation_error_message=_("A cited fact needs its source link."),
            ),
        ]
        verbose_name = _("guide fact")
        verbose_name_plural = _("guide facts")

    def __str__(self):
        return f"{self.table}: {self.subject} × {self.code_id} = {self.value}"

    def get_absolute_url(self):
        return self.guide.get_absolute_url()

    @property
    def is_measured(self):
        return self.evidence == self.Evidence.MEASURED

    @property
    def subject_label(self):
        """The subject as the page's language names it: ``subject`` is written in English."""
        if self.subject_ko and get_language() != "en":
            return self.subject_ko
        return self.subject
