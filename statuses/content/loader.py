"""Load the content fixtures into the database and export it back, losing no editor's work.

The fixtures in ``fixtures/`` are the versioned source of the content. Loading first checks
every row (``content.reader``) and writes nothing if one is bad. It then creates what is
missing and updates rows nobody has changed since the fixtures last said what they hold; rows an
editor changed or deleted in the admin are kept as they are and reported, unless the caller asks
to overwrite them. Exporting writes the database back to the same files, byte for byte stable,
so that export-then-load changes nothing; it leaves the "edited" baselines alone, wherever it
writes, because only a load tells what the fixtures in use say.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.db import transaction

from ..editing.history import record_links
from ..editing.locking import continue_from, first_free_version
from ..models import (
    CodeComparison,
    ContentBaseline,
    DecisionAnswer,
    DecisionStep,
    Guide,
    GuideFact,
    StatusClass,
    StatusCode,
    VendorUsage,
)
from .reader import NATURAL_KEYS, ContentError, key_text, read_fixtures

__all__ = ["ContentError", "FIXTURE_FILES", "export_content", "load_content"]


@dataclass(frozen=True)
class FixtureFile:
    name: str
    model: type
    filters: dict

    def queryset(self):
        return self.model.objects.filter(**self.filters).order_by(*self.model._meta.ordering)


FIXTURE_FILES = [
    FixtureFile("classes.json", StatusClass, {}),
    *(
        FixtureFile(f"codes_{digit}xx.json", StatusCode, {"status_class": digit})
        for digit in range(1, 6)
    ),
    FixtureFile("vendor_usages.json", VendorUsage, {}),
    FixtureFile("comparisons.json", CodeComparison, {}),
    FixtureFile("guides.json", Guide, {}),
    FixtureFile("guide_steps.json", DecisionStep, {}),
    FixtureFile("guide_answers.json", DecisionAnswer, {}),
    FixtureFile("guide_facts.json", GuideFact, {}),
]


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # edited in the database, left as they are
    kept_deleted: list = field(default_factory=list)  # deleted in the database, left deleted
    overwritten: list = field(default_factory=list)
    only_in_database: list = field(default_factory=list)


# Bookkeeping, not content: never exported, never part of a row's checksum.
NOT_CONTENT = {"updated_at", "version"}


def content_fields(model):
    """Every field that is content: all but the primary key and the bookkeeping fields."""
    return [
        f.name
        for f in model._meta.get_fields()
        if f.concrete and not f.primary_key and not f.auto_created and f.name not in NOT_CONTENT
    ]


def to_rows(objects, model):
    return serializers.serialize(
        "python",
        objects,
        fields=content_fields(model),
        use_natural_foreign_keys=True,
        use_natural_primary_keys=True,
    )


def instance_key(instance):
    """The key ``content.reader.row_key`` gives the row's fixture entry, without serializing."""
    label = instance._meta.label_lower
    identity = key_text(instance.natural_key()) if label in NATURAL_KEYS else str(instance.pk)
    return f"{label}:{identity}"


def checksum(row):
    fields = {
        name: sorted(value) if isinstance(value, list) else value
        for name, value in row["fields"].items()
    }
    text = json.dumps(fields, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def dump_json(rows):
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def fixture_dir():
    return Path(settings.FIXTURE_DIR)


def load_content(directory=None, overwrite=False):
    directory = Path(directory or fixture_dir())
    rows = read_fixtures(directory, FIXTURE_FILES)  # ContentError before anything is written
    with transaction.atomic():
        return write_rows(rows, overwrite)


def write_rows(rows, overwrite):
    report = LoadReport()
    baselines = dict(ContentBaseline.objects.values_list("key", "checksum"))
    new_baselines = {}
    pending_m2m = []

    for entry in rows:
        key, model, instance = entry.key, entry.fixture.model, entry.instance
        wanted = checksum(entry.row)
        existing = model.objects.filter(pk=instance.pk).first() if instance.pk else None
        if existing is None:
            if key in baselines and not overwrite:
                # Loaded before, gone now: an editor deleted it. Keep it deleted.
                report.kept_deleted.append(key)
                continue
            (report.overwritten if key in baselines else report.created).append(key)
            instance.version = first_free_version(instance)
        else:
            current = checksum(to_rows([existing], model)[0])
            if current == wanted:
                report.unchanged.append(key)
                new_baselines[key] = wanted
                continue
            if baselines.get(key) != current:
                if not overwrite:
                    report.kept.append(key)
                    continue
                report.overwritten.append(key)
            else:
                report.updated.append(key)
            # Saving claims the row's version, so an editor's form opened before the load
            # is refused as a conflict instead of silently undoing the load.
            continue_from(instance, existing)
        instance._change_reason = "load_content"
        instance.save()
        pending_m2m.append((instance, entry.m2m_data))
        new_baselines[key] = wanted

    # Related codes point across files, so links are set once every row exists; each row's
    # history entry of this load then records them.
    for instance, m2m_data in pending_m2m:
        instance.skip_history_when_saving = True  # no entry per link; the save's entry has them
        for name, values in m2m_data.items():
            getattr(instance, name).set(values)
        del instance.skip_history_when_saving
    for instance, m2m_data in pending_m2m:
        if m2m_data:
            record_links(instance)

    fixture_keys = {entry.key for entry in rows}
    for fixture in FIXTURE_FILES:
        for instance in fixture.queryset():
            if instance_key(instance) not in fixture_keys:
                report.only_in_database.append(instance_key(instance))

    save_baselines(new_baselines)
    # A row the fixtures no longer hold has no baseline: its deletion was accepted.
    ContentBaseline.objects.exclude(key__in=fixture_keys).delete()
    return report


@transaction.atomic
def export_content(directory=None):
    """Write every fixture file from the database; return the paths that changed."""
    directory = Path(directory or fixture_dir())
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for fixture in FIXTURE_FILES:
        rows = to_rows(
            fixture.queryset().prefetch_related(*m2m_names(fixture.model)), fixture.model
        )
        path = directory / fixture.name
        text = dump_json(rows)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def m2m_names(model):
    return [f.name for f in model._meta.many_to_many]


def save_baselines(checksums):
    ContentBaseline.objects.bulk_create(
        [ContentBaseline(key=key, checksum=value) for key, value in checksums.items()],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["checksum"],
    )
