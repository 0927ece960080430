from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .locking import VersionedModel

FIRST_CODE = 100
LAST_CODE = 599

# Long texts are bounded so that a page, the API and the admin preview render in bounded time
# (`make bench` reports the longest); editors see the limit under each field.
LONG_TEXT_LIMIT = 10_000


def long_text(verbose_name, help_text="", **options):
    """A Markdown or prose field, bounded, with the limit said under it in the admin."""
    help_text = format_lazy("{} {}", help_text, _("(10,000 characters at most)"))
    return models.TextField(
        verbose_name, max_length=LONG_TEXT_LIMIT, help_text=help_text, **options
    )


# Python 3.13 renamed these http.HTTPStatus members after RFC 9110; the old names stay as
# aliases, and the fixtures keep them because they work on every supported Python.
PYTHON_313_NAMES = {
    413: "CONTENT_TOO_LARGE",
    414: "URI_TOO_LONG",
    416: "RANGE_NOT_SATISFIABLE",
    422: "UNPROCESSABLE_CONTENT",
}

web_link = URLValidator(
    schemes=["http", "https"], message=_("Enter a web link that starts with http:// or https://.")
)


class BilingualMixin:
    """Prose lives in explicit ``*_ko`` / ``*_en`` columns; pick the active language."""

    def localized(self, field):
        if get_language() == "en":
            english = getattr(self, f"{field}_en")
            if english:
                return english
        return getattr(self, f"{field}_ko")


class StatusClass(BilingualMixin, VersionedModel):
    digit = models.PositiveSmallIntegerField(
        _("first digit"),
        primary_key=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 to 5: 4 means the 4xx class."),
    )
    name_ko = models.CharField(
        _("name (Korean)"),
        max_length=50,
        help_text=_("e.g. 클라이언트 오류 (50 characters at most)."),
    )
    name_en = models.CharField(
        _("name (English)"),
        max_length=50,
        help_text=_("e.g. Client Error (50 characters at most)."),
    )
    summary_ko = models.CharField(
        _("one-line summary (Korean)"),
        max_length=200,
        help_text=_("One sentence, shown under the class name (200 characters at most)."),
    )
    summary_en = models.CharField(
        _("one-line summary (English)"),
        max_length=200,
        blank=True,
        help_text=_("Optional; the English page shows the Korean text when this is empty."),
    )
    description_ko = long_text(
        _("description (Korean)"),
        _("Markdown is allowed: **bold**, `code`, [links](https://...), lists."),
    )
    description_en = long_text(
        _("description (English)"),
        _("Markdown, as the Korean text. Optional; Korean is shown when empty."),
        blank=True,
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["digit"]
        constraints = [
            # The five classes of RFC 9110; keeps raw loads honest as the validators do forms.
            models.CheckConstraint(
                condition=models.Q(digit__gte=1, digit__lte=5),
                name="class_digit_one_to_five",
                violation_error_message=_("The first digit of a class is 1 to 5."),
            )
        ]
        verbose_name = _("status class")
        verbose_name_plural = _("status classes")

    def __str__(self):
        return f"{self.label} {self.name_en}"

    def get_absolute_url(self):
        return reverse("statuses:class", kwargs={"digit": self.digit})

    @property
    def label(self):
        return f"{self.digit}xx"


class StatusCodeQuerySet(models.QuerySet):
    def in_class(self, digit):
        return self.filter(status_class_id=digit)

    def with_neighbours(self):
        """Annotate each code with the numbers of the codes just before and after it."""
        earlier = StatusCode.objects.filter(code__lt=OuterRef("code")).order_by("-code")
        later = StatusCode.objects.filter(code__gt=OuterRef("code")).order_by("code")
        return self.annotate(
            previous_code=Subquery(earlier.values("code")[:1]),
            next_code=Subquery(later.values("code")[:1]),
        )

    def nearest(self, number):
        """The documented codes just below and just above a number (two queries)."""
        below = self.filter(code__lt=number).order_by("-code")[:1]
        above = self.filter(code__gt=number).order_by("code")[:1]
        return [*below, *above]

    def with_details(self, compared_to=None):
        """Everything a page or the API shows of codes, in three queries.

        With ``compared_to`` (a code), each related code also carries the one-line difference
        between the two (``comparison_ko`` / ``comparison_en``), still in the same query.
        """
        related = StatusCode.objects.all()
        if compared_to is not None:
            notes = CodeComparison.objects.filter(
                Q(first=compared_to, second=OuterRef("code"))
                | Q(first=OuterRef("code"), second=compared_to)
            )
            related = related.annotate(
                comparison_ko=Subquery(notes.values("note_ko")[:1]),
                comparison_en=Subquery(notes.values("note_en")[:1]),
            )
        return self.select_related("status_class").prefetch_related(
            Prefetch("related_codes", queryset=related), "vendor_usages"
        )


class StatusCode(BilingualMixin, VersionedModel):
    class RegistryStatus(models.TextChoices):
        PERMANENT = "permanent", _("Permanent")
        TEMPORARY = "temporary", _("Temporary")
        UNUSED = "unused", _("Unused (reserved)")
        OBSOLETED = "obsoleted", _("Obsoleted")
        UNREGISTERED = "unregistered", _("Unregistered (unofficial)")

    code = models.PositiveSmallIntegerField(
        _("code"),
        primary_key=True,
        validators=[MinValueValidator(FIRST_CODE), MaxValueValidator(LAST_CODE)],
        help_text=_("A number from 100 to 599. It cannot be changed after creation."),
    )
    status_class = models.ForeignKey(
        StatusClass,
        verbose_name=_("class"),
        on_delete=models.PROTECT,
        related_name="codes",
        editable=False,
        help_text=_("Follows from the code's first digit; never typed."),
    )
    iana_description = models.CharField(
        _("IANA registered description"),
        max_length=200,
        blank=True,
        help_text=_(
            "Exactly as in the IANA registry (e.g. Content Too Large). "
            "Empty for unregistered codes."
        ),
    )
    common_name = models.CharField(
        _("common name"),
        max_length=100,
        blank=True,
        help_text=_(
            "The name people use where it differs from the registered one (e.g. I'm a teapot)."
        ),
    )
    former_names = models.CharField(
        _("former names"),
        max_length=200,
        blank=True,
        help_text=_("Comma-separated (e.g. Payload Too Large, Request Entity Too Large)."),
    )
    title_ko = models.CharField(_("Korean title"), max_length=100, help_text=_("e.g. 찾을 수 없음"))
    keywords_ko = models.CharField(
        _("search keywords (Korean)"),
        max_length=300,
        blank=True,
        help_text=_(
            "Comma-separated words people type for this code that its names do not hold "
            "(e.g. 권한, 접근 거부). Search ranks them right after the names."
        ),
    )
    keywords_en = models.CharField(
        _("search keywords (English)"),
        max_length=300,
        blank=True,
        help_text=_("The same in English (e.g. permission denied, access denied)."),
    )
    originating_vendor = models.CharField(
        _("originating vendor"),
        max_length=80,
        blank=True,
        help_text=_(
            "For a number vendors use: the vendor it comes from, exactly as in its vendor "
            "usage (e.g. nginx on 499). Its meaning is listed first."
        ),
    )
    registry_status = models.CharField(
        _("registry status"),
        max_length=20,
        choices=RegistryStatus,
        default=RegistryStatus.PERMANENT,
        help_text=_("The code's entry in the IANA registry; vendor-only codes are unregistered."),
    )
    deprecated = models.BooleanField(
        _("deprecated"),
        default=False,
        help_text=_("Tick when the code should no longer be sent (e.g. 102, 305); say why below."),
    )
    deprecation_note_ko = models.CharField(
        _("deprecation note (Korean)"),
        max_length=300,
        blank=True,
        help_text=_("Why it is deprecated and what to use instead (300 characters at most)."),
    )
    deprecation_note_en = models.CharField(
        _("deprecation note (English)"),
        max_length=300,
        blank=True,
        help_text=_("The same in English. Optional."),
    )
    spec_document = models.CharField(
        _("specification"), max_length=100, blank=True, help_text=_("e.g. RFC 9110")
    )
    spec_section = models.CharField(
        _("section"), max_length=20, blank=True, help_text=_("e.g. 15.5.5")
    )
    spec_url = models.URLField(
        _("specification link"),
        blank=True,
        validators=[web_link],
        help_text=_(
            "A link that opens on the section (e.g. https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5)."
        ),
    )
    summary_ko = models.CharField(
        _("one-line summary (Korean)"),
        max_length=300,
        help_text=_("One sentence, shown in lists and search results (300 characters at most)."),
    )
    summary_en = models.CharField(
        _("one-line summary (English)"),
        max_length=300,
        blank=True,
        help_text=_("Optional; the English page shows the Korean text when this is empty."),
    )
    description_ko = long_text(
        _("description (Korean)"),
        _("Markdown is allowed: **bold**, `code`, [links](https://...), lists."),
    )
    description_en = long_text(
        _("description (English)"),
        _("Markdown, as the Korean text. Optional; Korean is shown when empty."),
        blank=True,
    )
    example = long_text(
        _("example exchange"),
        _("A request and response (status line, key headers), shown as is in monospace."),
        blank=True,
    )
    related_headers = models.CharField(
        _("related header fields"),
        max_length=300,
        blank=True,
        help_text=_("Comma-separated (e.g. Location, Retry-After)."),
    )
    cacheable_by_default = models.BooleanField(
        _("cacheable by default"),
        default=False,
        help_text=_("As listed in RFC 9110, section 15.1."),
    )
    related_codes = models.ManyToManyField(
        "self",
        verbose_name=_("related codes"),
        blank=True,
        help_text=_("Codes to compare with this one. The link shows on both codes' pages."),
    )
    django_snippet = long_text(
        _("Django snippet"),
        _("A Django view that sends this status. The test suite runs it."),
        blank=True,
    )
    django_notes_ko = long_text(
        _("Django notes (Korean)"),
        _("Markdown. What to know when sending it from Django. Optional."),
        blank=True,
    )
    django_notes_en = long_text(
        _("Django notes (English)"),
        _("The same in English. Optional."),
        blank=True,
    )
    drf_constant = models.CharField(
        _("DRF constant"), max_length=80, blank=True, help_text=_("e.g. HTTP_404_NOT_FOUND")
    )
    http_status_name = models.CharField(
        _("HTTPStatus name"),
        max_length=80,
        blank=True,
        help_text=_("The member of Python's http.HTTPStatus, e.g. NOT_FOUND."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = StatusCodeQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[related_codes])

    class Meta:
        ordering = ["code"]
        constraints = [
            # The class is derived in save(); this keeps raw loads (loaddata) honest too.
            models.CheckConstraint(
                condition=models.Q(status_class=F("code") / 100),
                name="class_matches_first_digit",
                violation_error_message=_("The class must be the code's first digit."),
            )
        ]
        verbose_name = _("status code")
        verbose_name_plural = _("status codes")

    def __str__(self):
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs):
        self.status_class_id = self.code // 100
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("statuses:detail", kwargs={"code": self.code})

    def clean(self):
        super().clean()
        if self.code is None:
            return
        if not FIRST_CODE <= self.code <= LAST_CODE:
            raise ValidationError(
                {"code": _("A status code is a number from 100 to 599 (got %(code)s).")},
                params={"code": self.code},
            )
        self.status_class_id = self.code // 100

    @property
    def name(self):
        """The name people use: the common name where it differs, else the registered one."""
        return self.common_name or self.iana_description

    @property
    def is_registered(self):
        return self.registry_status != self.RegistryStatus.UNREGISTERED

    @property
    def former_name_list(self):
        return [name.strip() for name in self.former_names.split(",") if name.strip()]

    @property
    def related_header_list(self):
        return [name.strip() for name in self.related_headers.split(",") if name.strip()]

    @property
    def current_http_status_name(self):
        """The canonical ``http.HTTPStatus`` name since Python 3.13, where it was renamed."""
        return PYTHON_313_NAMES.get(self.code, self.http_status_name)

    @property
    def vendor_meanings(self):
        """Meanings vendors give the number itself, the vendor it comes from first (uses the
        prefetched vendor usages)."""
        return sorted(
            (usage for usage in self.vendor_usages.all() if not usage.vendor_code),
            key=lambda usage: (usage.vendor != self.originating_vendor, usage.vendor.lower()),
        )

    @property
    def vendor_error_codes(self):
        """Vendors' finer codes sent with this status: IIS 403.14, Cloudflare 1020, ..."""
        return [usage for usage in self.vendor_usages.all() if usage.vendor_code]


class VendorUsageManager(models.Manager):
    def get_by_natural_key(self, code, vendor, vendor_code=""):
        return self.get(code_id=code, vendor=vendor, vendor_code=vendor_code)


class VendorUsage(BilingualMixin, VersionedModel):
    """An unofficial meaning a vendor gives a number (nginx 499, Cloudflare 522, ...).

    With ``vendor_code``, the vendor's own finer number that arrives with the status: an IIS
    sub-status (403.14 with 403) or a Cloudflare error number (1020 with 403).
    """

    code = models.ForeignKey(
        StatusCode,
        verbose_name=_("code"),
        on_delete=models.CASCADE,
        related_name="vendor_usages",
        help_text=_("The number the vendor uses."),
    )
    vendor = models.CharField(
        _("vendor"), max_length=80, help_text=_("e.g. nginx, Cloudflare (80 characters at most).")
    )
    vendor_code = models.CharField(
        _("vendor's own code"),
        max_length=20,
        blank=True,
        help_text=_(
            "The vendor's finer code sent with this status, e.g. 403.14 (IIS) or 1020 "
            "(Cloudflare). Empty when the vendor gives the status number itself a meaning."
        ),
    )
    name = models.CharField(
        _("vendor's name for it"),
        max_length=120,
        blank=True,
        help_text=_("As the vendor's documentation writes it (e.g. Client Closed Request)."),
    )
    description_ko = long_text(
        _("description (Korean)"),
        _("Markdown is allowed: **bold**, `code`, [links](https://...), lists."),
    )
    description_en = long_text(
        _("description (English)"),
        _("Markdown, as the Korean text. Optional; Korean is shown when empty."),
        blank=True,
    )
    source_url = models.URLField(
        _("source link"),
        validators=[web_link],
        help_text=_("The vendor's documentation of this meaning (http:// or https://)."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = VendorUsageManager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["code", "vendor", "vendor_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "vendor", "vendor_code"], name="unique_vendor_meaning"
            )
        ]
        verbose_name = _("vendor usage")
        verbose_name_plural = _("vendor usages")

    def __str__(self):
        return " ".join(
            part for part in (str(self.code_id), self.vendor, self.vendor_code, self.name) if part
        )

    def get_absolute_url(self):
        return reverse("statuses:detail", kwargs={"code": self.code_id})

    def natural_key(self):
        return (self.code_id, self.vendor, self.vendor_code)

    natural_key.dependencies = ["statuses.statuscode"]


class ContentBaseline(models.Model):
    """What the fixtures last said about a row, so a load can tell an editor's change from ours.

    The loader stores a checksum of each row's content as loaded from (or exported to) the
    fixtures. If the row's current content no longer matches it, somebody edited the row.
    """

    key = models.CharField(max_length=100, primary_key=True)  # "statuses.statuscode:404"
    checksum = models.CharField(max_length=64)

    def __str__(self):
        return self.key


class CodeComparisonManager(models.Manager):
    def get_by_natural_key(self, first, second):
        return self.get(first_id=first, second_id=second)


class CodeComparison(BilingualMixin, VersionedModel):
    """How two related codes differ, in one line that reads right on either code's page."""

    first = models.ForeignKey(
        StatusCode,
        verbose_name=_("first code"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The lower of the two numbers."),
    )
    second = models.ForeignKey(
        StatusCode,
        verbose_name=_("second code"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The higher of the two numbers."),
    )
    note_ko = models.CharField(
        _("difference (Korean)"),
        max_length=200,
        help_text=_(
            "One sentence naming both codes, e.g. 401은 …, 403은 … (200 characters at most)."
        ),
    )
    note_en = models.CharField(
        _("difference (English)"),
        max_length=300,
        blank=True,
        help_text=_("The same in English. Optional; Korean is shown when empty."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CodeComparisonManager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["first", "second"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="unique_comparison"),
            models.CheckConstraint(
                condition=models.Q(first__lt=F("second")),
                name="comparison_first_below_second",
                violation_error_message=_("The first code must be lower than the second."),
            ),
        ]
        verbose_name = _("code comparison")
        verbose_name_plural = _("code comparisons")

    def __str__(self):
        return f"{self.first_id} ↔ {self.second_id}"

    def clean(self):
        super().clean()
        if self.first_id is not None and self.first_id == self.second_id:
            raise ValidationError(_("A code cannot be compared with itself."))
        if self.first_id and self.second_id and self.first_id > self.second_id:
            self.first_id, self.second_id = self.second_id, self.first_id

    def natural_key(self):
        return (self.first_id, self.second_id)

    natural_key.dependencies = ["statuses.statuscode"]


# Guides live in their own module; importing them here registers them with the app.
from .guide_models import DecisionAnswer, DecisionStep, Guide, GuideFact  # noqa: E402, F401
