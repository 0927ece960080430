"""Read the content fixtures and check every row the way the admin checks a form, before any write.

A row passes when it is well formed, sits in the file of its model (and of its class, for codes),
passes the model's full validation and the admin's content rules (``content.rules``), and
points only at codes and classes that exist in the fixtures or the database. Every bad row gets
one message naming the file, the row and the fields; one bad row refuses the whole load.
"""

import json
import math
import re
from dataclasses import dataclass

from django.apps import apps
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError
from django.utils import translation

from ..models import StatusCode
from ..models.fields import NaturalKeyMixin
from .rules import markdown_link_errors, nul_errors, self_related_error

# Rows without a primary key in the fixtures are named by their natural key's fields (the
# models' ``natural_key_fields``). Empty parts are left out of the key, so "499/nginx" still
# names nginx's 499 without a vendor code.
NATURAL_KEYS = {
    model._meta.label_lower: model.natural_key_fields
    for model in apps.get_app_config("statuses").get_models()
    if issubclass(model, NaturalKeyMixin)
}


# Deeper than the rows' own shape (a list of rows, each with its fields, a field a list at most)
# can only be a mistake; JSON nested past Python's recursion limit cannot even be parsed.
MAX_DEPTH = 4
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# How each kind of column is written in the fixtures; other kinds are left to the model's check.
JSON_TYPES = {
    **dict.fromkeys(
        ["CharField", "TextField", "SlugField", "URLField", "EmailField", "DateTimeField"], str
    ),
    **dict.fromkeys(
        [
            "IntegerField",
            "SmallIntegerField",
            "BigIntegerField",
            "PositiveIntegerField",
            "PositiveSmallIntegerField",
            "PositiveBigIntegerField",
            "AutoField",
            "BigAutoField",
        ],
        int,
    ),
    "BooleanField": bool,
}
TYPE_NAMES = {str: "text in quotes", int: "a whole number", bool: "true or false"}
LIST_NAMES = {str: "texts in quotes", int: "whole numbers"}


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
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        problems.append(f"{fixture.name}: not valid JSON ({error})")
        return []
    except RecursionError:
        problems.append(f"{fixture.name} {where_too_deep(text)}: nested too deep to read")
        return []
    if not isinstance(data, list):
        problems.append(f"{fixture.name}: expected a list of rows, found {type(data).__name__}")
        return []
    rows = []
    for number, row in enumerate(data, start=1):
        try:
            rows.append(read_row(fixture, number, row))
        except RowError as error:
            problems.append(printable(f"{fixture.name} row {number}{error.key_text}: {error}"))
    return rows


def printable(text):
    """A message that any terminal or log takes: half characters written as escapes."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def where_too_deep(text):
    """``row N (field)``: where the JSON first nests deeper than any row may (it could not be
    parsed, so this reads the text itself: strings, brackets and the keys before colons)."""
    depth, row, keys, string_start, last_string = 0, 0, {}, None, ""
    index = 0
    while index < len(text):
        char = text[index]
        if string_start is not None:
            if char == "\\":
                index += 1
            elif char == '"':
                last_string, string_start = text[string_start:index], None
        elif char == '"':
            string_start = index + 1
        elif char == ":":
            keys[depth] = last_string
        elif char in "[{":
            depth += 1
            if depth == 2:
                row, keys = row + 1, {}
            if depth > MAX_DEPTH:
                break
        elif char in "]}":
            depth -= 1
        index += 1
    field = keys.get(3) if keys.get(2) == "fields" else keys.get(2)
    return f"row {row} ({field})" if field else f"row {row}"


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
    errors = {**type_errors(fixture.model, row), **nul_errors(fields)}
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


def type_errors(model, row):
    """{field: message} for values the deserializer would turn into something else without a
    word (404.5 into 404, NaN or a number into text) and for text no database can store."""
    values = {"pk": row["pk"]} if "pk" in row else {}
    values.update(row["fields"])
    errors = {}
    for name, value in values.items():
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        if message := value_error(field, value):
            errors[name] = message
    return errors


def value_error(field, value):
    if holds_lone_surrogate(value):
        return "holds half of a character (a lone surrogate, written \\udXXX), which is no text"
    if value is None:
        return None  # the model's check says whether the field may be empty
    if field.many_to_many:
        kind = json_type(field.target_field)
        if not isinstance(value, list) or any(not is_a(item, kind) for item in value):
            return f"must be a list of {LIST_NAMES.get(kind, 'keys')}, found {described(value)}"
        return None
    kind = json_type(field.target_field if field.is_relation else field)
    if kind is not None and not is_a(value, kind):
        return f"must be {TYPE_NAMES[kind]}, found {described(value)}"
    return None


def json_type(field):
    return JSON_TYPES.get(field.get_internal_type())


def is_a(value, kind):
    if kind is None:
        return True
    # (In Python a bool is an int: true is no code.)
    return isinstance(value, kind) and (kind is bool or not isinstance(value, bool))


def holds_lone_surrogate(value):
    if isinstance(value, str):
        return LONE_SURROGATE.search(value) is not None
    return isinstance(value, list) and any(holds_lone_surrogate(item) for item in value)


def described(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} (not a number JSON allows)".replace("nan", "NaN")
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text “{value[:40]}”"
    return "a list" if isinstance(value, list) else "an object"


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
        errors.update(markdown_link_errors(type(instance), entry.row["fields"], codes.__contains__))
        if errors:
            problems.append(f"{entry.place}: {field_messages(errors)}")
