"""The queries pages and the API make of status codes, each named once."""

from django.db import models
from django.db.models import OuterRef, Prefetch, Q, Subquery

from .comparison import CodeComparison


class StatusCodeQuerySet(models.QuerySet):
    def in_class(self, digit):
        return self.filter(status_class_id=digit)

    def with_neighbours(self):
        """Annotate each code with the numbers of the codes just before and after it."""
        codes = self.model.objects
        earlier = codes.filter(code__lt=OuterRef("code")).order_by("-code")
        later = codes.filter(code__gt=OuterRef("code")).order_by("code")
        return self.annotate(
            previous_code=Subquery(earlier.values("code")[:1]),
            next_code=Subquery(later.values("code")[:1]),
        )

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

    def with_details(self, compared_to=None):
        """Everything a page or the API shows of codes, in three queries.

        With ``compared_to`` (a code), each related code also carries the one-line difference
        between the two (``comparison_ko`` / ``comparison_en``), still in the same query.
        """
        related = self.model.objects.all()
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
