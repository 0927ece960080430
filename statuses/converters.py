"""URL converters: every number in a URL has one spelling, and anything else is a 404."""

from django.urls import register_converter

from .models import FIRST_CODE, LAST_CODE


class NumberConverter:
    """A number in its one canonical spelling, within ``first`` to ``last``.

    The regex takes any run of ASCII digits, so that ``to_python`` decides: a leading zero
    (``0404``), a number out of range or one of any length beyond it is no match, and the
    request answers 404 like any unknown URL. Pages, the API and try-it share these
    converters, so every number has exactly one URL everywhere.
    """

    regex = "[0-9]+"
    first = last = 0

    def to_python(self, value):
        if value.startswith("0") or len(value) > len(str(self.last)):
            raise ValueError(value)
        number = int(value)
        if not self.first <= number <= self.last:
            raise ValueError(value)
        return number

    def to_url(self, value):
        return str(value)


class ClassDigitConverter(NumberConverter):
    first, last = 1, 5


class StatusCodeConverter(NumberConverter):
    first, last = FIRST_CODE, LAST_CODE


class SubStatusConverter:
    """The part after the dot of a vendor's sub-status (the 13 of IIS 404.13), as written:
    ``404.13`` is looked up as text, the way the vendor writes it."""

    regex = "[0-9]{1,6}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(ClassDigitConverter, "digit")
register_converter(SubStatusConverter, "sub")
register_converter(StatusCodeConverter, "code")
