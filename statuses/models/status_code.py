"""The status codes, the heart of the reference."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .comparison import CodeComparison  # noqa: F401
from .fields import (
    SAME_IN_ENGLISH,
    ContentModel,
    comma_list,
    english_description,
    english_summary,
    korean_description,
    line,
    long_text,
    markdown_text,
    web_link,
)
from .queries import StatusCodeQuerySet
from .status_class import StatusClass

FIRST_CODE = 100
LAST_CODE = 599

# What RFC 9110 says of a number whatever its row holds, for the site and its tests alike.
# Final answers that never carry content: 204, 205 and 304 (sections 15.3.5, 15.3.6, 15.4.5).
WITHOUT_CONTENT = frozenset({204, 205, 304})
# The redirects a client follows to Location on its own (section 15.4); 300 may send a Location
# too, but only as the server's preferred choice.
FOLLOWED_REDIRECTS = frozenset({301, 302, 303, 307, 308})

# Python 3.13 renamed these http.HTTPStatus members after RFC 9110; the old names stay as
# aliases, and the fixtures keep them because they work on every supported Python.
PYTHON_313_NAMES = {
    413: "CONTENT_TOO_LARGE",
    414: "URI_TOO_LONG",
    416: "RANGE_NOT_SATISFIABLE",
    422: "UNPROCESSABLE_CONTENT",
}

# The names of a code and the words people search it by (the admin shows them together), then
# its text: what a search for codes reads, on the site (with more, see search.index) and in the
# admin.
NAME_FIELDS = (
    "iana_description",
    "common_name",
    "former_names",
    "title_ko",
    "keywords_ko",
    "keywords_en",
)
SEARCHED_FIELDS = (
    *NAME_FIELDS,
    "summary_ko",
    "summary_en",
    "description_ko",
    "description_en",
)


class StatusCode(ContentModel):
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
    iana_description = line(
        _("IANA registered description"),
        200,
        _(
            "Exactly as in the IANA registry (e.g. Content Too Large). "
            "Empty for unregistered codes."
        ),
        blank=True,
    )
    common_name = line(
        _("common name"),
        100,
        _("The name people use where it differs from the registered one (e.g. I'm a teapot)."),
        blank=True,
    )
    former_names = line(
        _("former names"),
        200,
        _("Comma-separated (e.g. Payload Too Large, Request Entity Too Large)."),
        blank=True,
    )
    title_ko = line(_("Korean title"), 100, _("e.g. 찾을 수 없음"))
    keywords_ko = line(
        _("search keywords (Korean)"),
        300,
        _(
            "Comma-separated words people type for this code that its names do not hold "
            "(e.g. 권한, 접근 거부). Search ranks them right after the names."
        ),
        blank=True,
    )
    keywords_en = line(
        _("search keywords (English)"),
        300,
        _("The same in English (e.g. permission denied, access denied)."),
        blank=True,
    )
    originating_vendor = line(
        _("originating vendor"),
        80,
        _(
            "For a number vendors use: the vendor it comes from, exactly as in its vendor "
            "usage (e.g. nginx on 499). Its meaning is listed first."
        ),
        blank=True,
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
    deprecation_note_ko = line(
        _("deprecation note (Korean)"),
        300,
        _("Why it is deprecated and what to use instead (300 characters at most)."),
        blank=True,
    )
    deprecation_note_en = line(_("deprecation note (English)"), 300, SAME_IN_ENGLISH, blank=True)
    spec_document = line(_("specification"), 100, _("e.g. RFC 9110"), blank=True)
    spec_section = line(_("section"), 20, _("e.g. 15.5.5"), blank=True)
    spec_url = models.URLField(
        _("specification link"),
        blank=True,
        validators=[web_link],
        help_text=_(
            "A link that opens on the section (e.g. https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5)."
        ),
    )
    summary_ko = line(
        _("one-line summary (Korean)"),
        300,
        _("One sentence, shown in lists and search results (300 characters at most)."),
    )
    summary_en = english_summary(max_length=300)
    description_ko = korean_description()
    description_en = english_description()
    example = long_text(
        _("example exchange"),
        _("A request and response (status line, key headers), shown as is in monospace."),
        blank=True,
    )
    related_headers = line(
        _("related header fields"),
        300,
        _("Comma-separated (e.g. Location, Retry-After)."),
        blank=True,
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
    django_notes_ko = markdown_text(
        _("Django notes (Korean)"),
        _("Markdown. What to know when sending it from Django. Optional."),
        blank=True,
    )
    django_notes_en = markdown_text(
        _("Django notes (English)"),
        SAME_IN_ENGLISH,
        blank=True,
    )
    drf_constant = line(_("DRF constant"), 80, _("e.g. HTTP_404_NOT_FOUND"), blank=True)
    http_status_name = line(
        _("HTTPStatus name"),
        80,
        _("The member of Python's http.HTTPStatus, e.g. NOT_FOUND."),
        blank=True,
    )

    objects = StatusCodeQuerySet.as_manager()
    _history_m2m_fields = [related_codes]

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
    def is_followed_redirect(self):
        return self.code in FOLLOWED_REDIRECTS

    @property
    def former_name_list(self):
        return comma_list(self.former_names)

    @property
    def related_header_list(self):
        return comma_list(self.related_headers)

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
        """Vendors' finer codes sent with this status: IIS 403.14, Cloudflare 1020, ...; each
        vendor's in numeric order (404.3 before 404.11), which the text order is not."""
        return sorted(
            (usage for usage in self.vendor_usages.all() if usage.vendor_code),
            key=lambda usage: (usage.vendor.lower(), usage.vendor_code_order),
        )
