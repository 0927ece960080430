"""The five classes of status codes (1xx to 5xx), each with its name and description."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .fields import ContentModel, english_description, english_summary, korean_description, line


class StatusClass(ContentModel):
    digit = models.PositiveSmallIntegerField(
        _("first digit"),
        primary_key=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 to 5: 4 means the 4xx class."),
    )
    name_ko = line(_("name (Korean)"), 50, _("e.g. 클라이언트 오류 (50 characters at most)."))
    name_en = line(_("name (English)"), 50, _("e.g. Client Error (50 characters at most)."))
    summary_ko = line(
        _("one-line summary (Korean)"),
        200,
        _("One sentence, shown under the class name (200 characters at most)."),
    )
    summary_en = english_summary(max_length=200)
    description_ko = korean_description()
    description_en = english_description()

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
