"""Read the content fixtures and check every row the way the admin checks a form, before any write.

A row passes when it is well formed, sits in the file of its model (and of its class, for codes),
passes the model's full validation and the admin's content rules (``content.rules``), and
points only at codes and classes that exist in the fixtures or the database. Every bad row gets
one message naming the file, the row and the fields; one bad row refuses the whole load.
"""

import json
from dataclasses import dataclass

from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError
from django.utils import translation

from ..models import StatusCode
from .rules import markdown_link_errors, nul_errors, self_related_error

# Rows without a primary key in the fixtures are named by these fields (their natural key).
# Empty parts are left out of the key, so "499/nginx" still names nginx's 499 without a vendor
# code.
NATURAL_KEYS = {
    "statuses.vendorusage": ("code", "vendor", "vendor_code"),
    "statuses.codecomparison": ("first", "second"),
    "statuses.decisionanswer": ("step", "position"),
    "statuses.guidefact": ("guide", "table", "row", "code"),
}


class ContentError(Exception):
    """The fixtures are broken or contradict the rules; nothing was loaded."""


def row_key(row):
    if "pk" in row:
        identity = str(row["pk"])
    else:
        # A field missing from an older fixture row holds its default, "" for the vendor code.
        identity = key_text(row["fields"].get(name, "") for name in NATURAL_KEYS[row["model"]])
    return f"{row['model']}:{identity}"


def key_text(parts):
    return "/".join(str(part) for part in parts if part != "")


@dataclass
class FixtureRow:
    fixture: object  # the FixtureFile it came from
    number: int  # 1-based, as a person counts the rows of the file
    row: dict
    key: str
    instance: object
    m2m_data: dict

    @property
    def place(self):
        return f"{self.fixture.name} row {self.number} ({self.key})"


def read_fixtures(directory, fixture_files):
    """Every fixture row, parsed and checked; ContentError listing every problem otherwise."""
    problems = []
    rows = []
    with translation.override("en"):
        for fixture in fixture_files:
            path = directory / fixture.name
            if path.exists():
                rows += read_file(path, fixture, problems)
        if not problems:
            check_across_rows(rows, problems)
    if problems:
        raise ContentError("\n".join(problems))
    return rows


def read_file(path, fixture, problems):
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        problems.append(f"{fixture.name}: not valid JSON ({error})")
        return []
    if not isinstance(data, list):
        problems.append(f"{fixture.name}: expected a list of rows, found {type(data).__name__}")
        return []
    rows = []
    for number, row in enumerate(data, start=1):
        try:
            rows.append(read_row(fixture, number, row))
        except RowError as error:
            problems.append(f"{fixture.name} row {number}{error.key_text}: {error}")
    return rows


class RowError(Exception):
    def __init__(self, message, key=None):
        super().__init__(message)
        self.key_text = f" ({key})" if key else ""


def read_row(fixture, number, row):
    label = fixture.model._meta.label_lower
    if not isinstance(row, dict):
        raise RowError(f"expected an object with model, pk and fields, found {row!r:.60}")
    missing = [name for name in ("model", "fields") if name not in row]
    if label not in NATURAL_KEYS and "pk" not in row:
        missing.append("pk")
    if missing:
        raise RowError(f"missing {', '.join(repr(name) for name in missing)}")
    if row["model"] != label:
        raise RowError(f"a {row['model']} row does not belong in this file (it holds {label})")
    fields = row["fields"]
    if not isinstance(fields, dict):
        raise RowError("'fields' must be an object")
    try:
        key = row_key(row)
    except KeyError as error:
        raise RowError(f"missing field {error}") from None
    unknown = [name for name in fields if not has_field(fixture.model, name)]
    if unknown:
        raise RowError(f"unknown fields {', '.join(unknown)}", key)
    errors = nul_errors(fields)
    if errors:
        raise RowError(field_messages(errors), key)
    try:
        deserialized = next(serializers.deserialize("python", [row]))
    except (DeserializationError, ValidationError, TypeError, ValueError) as error:
        raise RowError(f"cannot be read: {error}", key) from None
    instance = deserialized.object
    pair = getattr(instance, "first_id", None), getattr(instance, "second_id", None)
    if None not in pair and pair[0] >= pair[1]:
        # (The model's clean() would swap them; the fixtures must say it the one way.)
        raise RowError("first: the first code must be lower than the second", key)
    relations = [field.name for field in fixture.model._meta.fields if field.is_relation]
    try:
        # Keys are checked across rows below; an existing key is an update, not a duplicate.
        instance.full_clean(exclude=relations, validate_unique=False)
    except ValidationError as error:
        raise RowError(field_messages(error.message_dict), key) from None
    digit = fixture.filters.get("status_class")
    if digit is not None and instance.pk // 100 != digit:
        raise RowError(
            f"code {instance.pk} belongs in codes_{instance.pk // 100}xx.json, not here", key
        )
    return FixtureRow(fixture, number, row, key, instance, deserialized.m2m_data)


def has_field(model, name):
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def field_messages(errors):
    """``title_ko: Ensure ...; spec_url: Enter ...`` from {field: message(s)}."""
    parts = []
    for name, messages in errors.items():
        messages = [messages] if isinstance(messages, str) else messages
        where = "" if name == "__all__" else f"{name}: "
        parts.append(where + " ".join(str(message) for message in messages))
    return "; ".join(parts)


def check_across_rows(rows, problems):
    """Duplicates, and links to rows (codes, classes, guides, ...) that exist nowhere."""
    first_place = {}
    known = {}  # model -> primary keys in the database or in these fixtures

    def known_keys(model):
        if model not in known:
            known[model] = set(model._default_manager.values_list("pk", flat=True))
        return known[model]

    for entry in rows:
        known_keys(type(entry.instance)).add(entry.instance.pk)
    codes = known_keys(StatusCode)
    for entry in rows:
        errors = {}
        if entry.key in first_place:
            errors["__all__"] = f"repeats the row at {first_place[entry.key]}"
        first_place.setdefault(entry.key, f"{entry.fixture.name} row {entry.number}")
        instance = entry.instance
        for field in instance._meta.fields:
            if not field.is_relation:
                continue
            target = getattr(instance, field.attname)
            if target is not None and target not in known_keys(field.related_model):
                errors[field.name] = f"{target} is in no fixture file and not in the database"
        for name, values in entry.m2m_data.items():
            unknown = sorted(set(values) - codes)
            if unknown:
                errors[name] = f"lists {unknown}, which are in no fixture file"
            elif message := self_related_error(instance.pk, set(values)):
                errors[name] = message
        errors.update(markdown_link_errors(entry.row["fields"], codes.__contains__))
        if errors:
            problems.append(f"{entry.place}: {field_messages(errors)}")
