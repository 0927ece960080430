"""What vendors mean by a number: nginx 499, Cloudflare 522, IIS 403.14."""

from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .fields import (
    ContentModel,
    NaturalKeyManager,
    NaturalKeyMixin,
    english_description,
    korean_description,
    line,
    web_link,
)


class VendorUsage(NaturalKeyMixin, ContentModel):
    """An unofficial meaning a vendor gives a number (nginx 499, Cloudflare 522, ...).

    With ``vendor_code``, the vendor's own finer number that arrives with the status: an IIS
    sub-status (403.14 with 403) or a Cloudflare error number (1020 with 403).
    """

    code = models.ForeignKey(
        "StatusCode",
        verbose_name=_("code"),
        on_delete=models.CASCADE,
        related_name="vendor_usages",
        help_text=_("The number the vendor uses."),
    )
    vendor = line(_("vendor"), 80, _("e.g. nginx, Cloudflare (80 characters at most)."))
    vendor_code = line(
        _("vendor's own code"),
        20,
        _(
            "The vendor's finer code sent with this status, e.g. 403.14 (IIS) or 1020 "
            "(Cloudflare). Empty when the vendor gives the status number itself a meaning."
        ),
        blank=True,
    )
    name = line(
        _("vendor's name for it"),
        120,
        _("As the vendor's documentation writes it (e.g. Client Closed Request)."),
        blank=True,
    )
    description_ko = korean_description()
    description_en = english_description()
    source_url = models.URLField(
        _("source link"),
        validators=[web_link],
        help_text=_("The vendor's documentation of this meaning (http:// or https://)."),
    )

    natural_key_fields = ("code", "vendor", "vendor_code")
    objects = NaturalKeyManager()

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

    @property
    def vendor_code_order(self):
        """A sort key reading each dotted part as a number where it is one: 404.3 < 404.11."""
        return [
            (0, int(part), "") if part.isascii() and part.isdigit() else (1, 0, part)
            for part in self.vendor_code.split(".")
        ]

    @property
    def anchor(self):
        """The id of a vendor code's entry on its status's page (``microsoft-iis-40413``)."""
        return f"{slugify(self.vendor)}-{slugify(self.vendor_code)}"
