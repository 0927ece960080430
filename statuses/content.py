"""Load the content fixtures into the database and export it back, losing no editor's work.

The fixtures in ``fixtures/`` are the versioned source of the content. Loading creates what is
missing and updates rows nobody has edited since the last load or export; rows an editor changed
are kept and reported, unless the caller asks to overwrite them. Exporting writes the database
back to the same files, byte for byte stable, so that export-then-load changes nothing.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core import serializers
from django.db import transaction

from .caching import bump_content_version
from .guide_models import DecisionAnswer, DecisionStep, Guide, GuideFact
from .models import CodeComparison, ContentBaseline, StatusClass, StatusCode, VendorUsage


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

# Rows without a primary key in the fixtures are named by these fields (their natural key).
NATURAL_KEYS = {
    "statuses.vendorusage": ("code", "vendor"),
    "statuses.codecomparison": ("first", "second"),
    "statuses.decisionanswer": ("step", "position"),
    "statuses.guidefact": ("guide", "table", "row", "code"),
}


class ContentError(Exception):
    """The fixtures contradict themselves; nothing was loaded."""


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    kept: list = field(default_factory=list)  # edited in the database, left as they are
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


def row_key(row):
    if "pk" in row:
        identity = str(row["pk"])
    else:
        identity = "/".join(str(row["fields"][name]) for name in NATURAL_KEYS[row["model"]])
    return f"{row['model']}:{identity}"


def instance_key(instance):
    """The same key as ``row_key`` gives the instance's fixture row, without serializing it."""
    label = instance._meta.label_lower
    if label in NATURAL_KEYS:
        identity = "/".join(str(part) for part in instance.natural_key())
    else:
        identity = str(instance.pk)
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


@transaction.atomic
def load_content(directory=None, overwrite=False):
    directory = Path(directory or fixture_dir())
    report = LoadReport()
    baselines = dict(ContentBaseline.objects.values_list("key", "checksum"))
    new_baselines = {}
    pending_m2m = []
    fixture_keys = set()

    for fixture in FIXTURE_FILES:
        path = directory / fixture.name
        if not path.exists():
            continue
        rows = json.loads(path.read_text(encoding="utf-8"))
        for row in rows:
            key = row_key(row)
            fixture_keys.add(key)
            wanted = checksum(row)
            deserialized = next(serializers.deserialize("python", [row]))
            instance = deserialized.object
            existing = fixture.model.objects.filter(pk=instance.pk).first() if instance.pk else None
            if existing is None:
                report.created.append(key)
            else:
                current = checksum(to_rows([existing], fixture.model)[0])
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
                instance.version = existing.version
                instance._state.adding = False
            instance._change_reason = "load_content"
            instance.save()
            pending_m2m.append((instance, deserialized.m2m_data))
            new_baselines[key] = wanted

    # Related codes point across files, so links are set once every row exists.
    known_codes = set(StatusCode.objects.values_list("code", flat=True))
    for instance, m2m_data in pending_m2m:
        for name, values in m2m_data.items():
            unknown = sorted(set(values) - known_codes)
            if unknown:
                raise ContentError(
                    f"{instance.pk} lists {name} {unknown}, which are in no fixture file."
                )
            getattr(instance, name).set(values)

    for fixture in FIXTURE_FILES:
        for instance in fixture.queryset():
            if instance_key(instance) not in fixture_keys:
                report.only_in_database.append(instance_key(instance))

    save_baselines(new_baselines)
    bump_content_version()
    return report


@transaction.atomic
def export_content(directory=None):
    """Write every fixture file from the database; return the paths that changed."""
    directory = Path(directory or fixture_dir())
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    new_baselines = {}
    for fixture in FIXTURE_FILES:
        rows = to_rows(
            fixture.queryset().prefetch_related(*m2m_names(fixture.model)), fixture.model
        )
        for row in rows:
            new_baselines[row_key(row)] = checksum(row)
        path = directory / fixture.name
        text = dump_json(rows)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    save_baselines(new_baselines)
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
