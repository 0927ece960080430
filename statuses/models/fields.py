"""What the content models share: their base model, their kinds of field, and how a
Korean/English pair is read.

Prose lives in explicit ``*_ko`` / ``*_en`` columns: the Korean text is required, the English
one optional, and the English page shows the Korean text where the English one is empty
(``BilingualMixin.localized``). A help text that several fields show is written once, here.
"""

from django.core.validators import URLValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..editing.locking import VersionedModel

# Long texts are bounded so that a page, the API and the admin preview render in bounded time
# (`make bench` reports the longest); editors see the limit under each field.
LONG_TEXT_LIMIT = 10_000

SAME_IN_ENGLISH = _("The same in English. Optional.")

web_link = URLValidator(
    schemes=["http", "https"], message=_("Enter a web link that starts with http:// or https://.")
)


def comma_list(text):
    """The items of a comma-separated field (names, header fields, keywords), trimmed."""
    return [item.strip() for item in text.split(",") if item.strip()]


class BilingualMixin:
    """Reads a ``*_ko`` / ``*_en`` pair in the active language."""

    def localized(self, field):
        if get_language() == "en":
            english = getattr(self, f"{field}_en")
            if english:
                return english
        return getattr(self, f"{field}_ko")


class ContentModel(BilingualMixin, VersionedModel):
    """A row editors change: versioned (``editing.locking``), stamped with its last change and
    kept in its history. A model's many-to-many fields join the history when it names them in
    ``_history_m2m_fields``."""

    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], inherit=True)

    class Meta:
        abstract = True


class NaturalKeyManager(models.Manager):
    def get_by_natural_key(self, *key):
        return self.get(**dict(zip(self.model.natural_key_fields, key, strict=True)))


class NaturalKeyMixin:
    """A row the fixtures name by its fields ``natural_key_fields`` instead of a primary key
    (the loader, ``content.reader``, and Django's serializers read them from here). Its model
    sets ``objects`` to a ``NaturalKeyManager``. The parts are plain values or other rows'
    primary keys, so Django's serializers need no ``natural_key.dependencies``."""

    natural_key_fields = ()

    def natural_key(self):
        return tuple(
            getattr(self, self._meta.get_field(name).attname) for name in self.natural_key_fields
        )


def line(verbose_name, max_length, help_text="", **options):
    """A one-line text an editor types: a name, a title, a sentence, a comma list."""
    return models.CharField(verbose_name, max_length=max_length, help_text=help_text, **options)


class MarkdownField(models.TextField):
    """Text an editor writes in Markdown, which the site renders.

    Whatever treats Markdown finds the fields by this type (``markdown_fields``): the link
    rules of the admin and the loader, the admin's preview under each field, the search index,
    which reads them without their syntax. A new Markdown field is covered by declaring it so.
    """

    def deconstruct(self):
        # The same column as any text: migrations see a TextField, so none is needed for it.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs


def markdown_fields(model):
    """The names of a model's Markdown fields, in declaration order."""
    return [field.name for field in model._meta.fields if isinstance(field, MarkdownField)]


def long_text(verbose_name, help_text="", field_class=models.TextField, **options):
    """A prose field, bounded, with the limit said under it in the admin."""
    help_text = format_lazy("{} {}", help_text, _("(10,000 characters at most)"))
    return field_class(verbose_name, max_length=LONG_TEXT_LIMIT, help_text=help_text, **options)


def markdown_text(verbose_name, help_text="", **options):
    """A Markdown field, bounded like every long text."""
    return long_text(verbose_name, help_text, field_class=MarkdownField, **options)


def korean_description():
    """The Markdown description of a class, a code or a vendor's meaning."""
    return markdown_text(
        _("description (Korean)"),
        _("Markdown is allowed: **bold**, `code`, [links](https://...), lists."),
    )


def english_description():
    return markdown_text(
        _("description (English)"),
        _("Markdown, as the Korean text. Optional; Korean is shown when empty."),
        blank=True,
    )


def english_summary(max_length):
    """The optional English one-line summary of a class or a code."""
    return line(
        _("one-line summary (English)"),
        max_length,
        _("Optional; the English page shows the Korean text when this is empty."),
        blank=True,
    )
