"""The content history as editors read it: one entry per save, links included, word differences.

django-simple-history writes an entry when a row is saved, before the form or the loader sets
its related codes, and one more entry per change of those links. ``links_in_the_same_entry``
makes the save's own entry hold the links as saved, so reverting to any entry (the first one
too) brings the related codes back.
"""

import re
from contextlib import contextmanager

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from rapidfuzz.distance import Indel
from simple_history.template_utils import HistoricalRecordContextHelper

# A word (Korean eojeol too) with the spaces after it; leading spaces on their own.
TOKEN = re.compile(r"\S+\s*|\s+")
# Below this share of words in common, a change reads best as old text out, new text in.
MOSTLY_REWRITTEN = 0.5
# Words compared per side, at most: twice what the longest text allowed can hold (10,000
# characters make at most 5,001 words). A longer text is shown as old text out, new text in.
MAX_WORDS = 10_000


def word_diff(old, new):
    """HTML of ``new`` against ``old``: removed words in <del>, added words in <ins>, in full.

    The words in common are a longest common subsequence, found by rapidfuzz's bit-parallel
    algorithm: its time depends on the lengths only (about a millisecond for the longest texts
    allowed), never on what the text repeats. (difflib's took minutes on repetitive text.)
    """
    old, new = str(old), str(new)
    old_words, new_words = TOKEN.findall(old), TOKEN.findall(new)
    if max(len(old_words), len(new_words)) > MAX_WORDS:
        return rewritten(old, new)
    numbers = {}  # each distinct word as a number: compared exactly, never by hash
    old_ids = [numbers.setdefault(word, len(numbers)) for word in old_words]
    new_ids = [numbers.setdefault(word, len(numbers)) for word in new_words]
    opcodes = Indel.opcodes(old_ids, new_ids)
    common = sum(op.src_end - op.src_start for op in opcodes if op.tag == "equal")
    if 2 * common < MOSTLY_REWRITTEN * (len(old_words) + len(new_words)):
        return rewritten(old, new)
    parts, removed, added = [], [], []
    for op in opcodes:
        if op.tag == "equal":
            parts += changed_words(removed, added)
            removed, added = [], []
            parts.append(escape("".join(old_words[op.src_start : op.src_end])))
        else:
            removed += old_words[op.src_start : op.src_end]
            added += new_words[op.dest_start : op.dest_end]
    parts += changed_words(removed, added)
    return mark_safe("".join(parts))


def changed_words(removed, added):
    """One change between two runs of words in common: what went, then what came."""
    parts = []
    if removed:
        parts.append(format_html("<del>{}</del>", "".join(removed)))
    if added:
        parts.append(format_html("<ins>{}</ins>", "".join(added)))
    return parts


def rewritten(old, new):
    return format_html("<del>{}</del><ins>{}</ins>", old, new)


def display_value(model, name, value):
    """A stored value as an editor reads it."""
    field = model._meta.get_field(name)
    if field.many_to_many:  # history holds the link rows: show the other side's numbers
        target = field.m2m_reverse_field_name()
        return ", ".join(str(row[target]) for row in value) or "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return "—" if value in ("", None) else str(value)


class ContentChangesHelper(HistoricalRecordContextHelper):
    """Each changed field with its label and its full word difference (not the version)."""

    def context_for_delta_changes(self, delta):
        return [
            {
                "field": capfirst(self.model._meta.get_field(change.field).verbose_name),
                "difference": word_diff(
                    display_value(self.model, change.field, change.old),
                    display_value(self.model, change.field, change.new),
                ),
            }
            for change in delta.changes
            if change.field != "version"
        ]


@contextmanager
def links_in_the_same_entry(instance):
    """Set links inside this block: they go into the entry the row's save wrote, not new ones."""
    instance.skip_history_when_saving = True
    try:
        yield
    finally:
        del instance.skip_history_when_saving
    record_links(instance)


def record_links(instance):
    """Rewrite the links of the history entry for the row's current version from the row."""
    m2m_fields = type(instance).history.model._history_m2m_fields
    if not m2m_fields:
        return
    record = history_at(instance, instance.version)
    if record is None:
        return
    for field in m2m_fields:
        links = getattr(record, field.name)
        links.all().delete()
        through = field.remote_field.through
        names = [through_field.name for through_field in through._meta.fields]
        rows = through.objects.filter(**{field.m2m_field_name(): instance})
        links.model.objects.bulk_create(
            links.model(history=record, **{name: getattr(row, name) for name in names})
            for row in rows
        )


def history_at(instance, version):
    """The history entry that holds the row as it was at ``version`` (None if there is none)."""
    if version is None:
        return None
    return instance.history.filter(version=version).order_by("history_date", "history_id").last()
