"""The queries pages and the API make of status codes, each named once."""

from django.db import models


class StatusCodeQuerySet(models.QuerySet):
    def in_class(self, digit):
        return self.filter(status_class_id=digit)

    def nearest(self, number):
        """The documented codes just below and just above a number (two queries)."""
        below = self.filter(code__lt=number).order_by("-code")[:1]
        above = self.filter(code__gt=number).order_by("code")[:1]
        return [*below, *above]

    def one_digit_off(self, number):
        """The documented codes a four-digit number with one digit too many may have meant
        (4040: 404, 400, 440), the one it starts with first (one query)."""
        typed = str(number)
        if len(typed) != 4:
            return []
        shorter = {typed[:at] + typed[at + 1 :] for at in range(len(typed))}
        candidates = [int(digits) for digits in shorter if not digits.startswith("0")]
        found = self.filter(code__in=candidates)
        return sorted(
            found, key=lambda status: (not typed.startswith(str(status.code)), status.code)
        )

    def with_details(self):
        """Everything a page or the API shows of codes, in three queries."""
        return self.select_related("status_class").prefetch_related(
            "related_codes", "vendor_usages"
        )
