"""How two related codes differ: one line for each pair, shown on both codes' pages."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from .fields import ContentModel, NaturalKeyManager, NaturalKeyMixin, line


class CodeComparison(NaturalKeyMixin, ContentModel):
    """How two related codes differ, in one line that reads right on either code's page."""

    first = models.ForeignKey(
        "StatusCode",
        verbose_name=_("first code"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The lower of the two numbers."),
    )
    second = models.ForeignKey(
        "StatusCode",
        verbose_name=_("second code"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The higher of the two numbers."),
    )
    note_ko = line(
        _("difference (Korean)"),
        200,
        _("One sentence naming both codes, e.g. 401은 …, 403은 … (200 characters at most)."),
    )
    note_en = line(
        _("difference (English)"),
        300,
        _("The same in English. Optional; Korean is shown when empty."),
        blank=True,
    )

    natural_key_fields = ("first", "second")
    objects = NaturalKeyManager()

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
