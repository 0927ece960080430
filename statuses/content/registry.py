"""The IANA HTTP Status Code Registry, from the copy kept in ``fixtures/iana/``.

``registry_differences`` compares the content with that copy, so that a change to the registry
(104 made permanent, a new code) becomes a one-line diff to the CSV and a precise list of the
rows to edit. ``fixtures/iana/README.md`` says how the copy was made and how to refresh it.
"""

import csv
import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from ..models import StatusCode

# The day the CSV copy was last compared with the registry; every code page shows it.
REGISTRY_CHECKED_ON = datetime.date(2026, 12, 2)

Registry = StatusCode.RegistryStatus

RFC_REFERENCE = re.compile(r"^\[RFC(\d+)")
DRAFT_REFERENCE = re.compile(r"^\[(draft-[a-z0-9-]+)\]")


@dataclass(frozen=True)
class RegistryEntry:
    code: int
    description: str
    reference: str

    @property
    def registry_status(self):
        if self.description == "(Unused)":
            return Registry.UNUSED
        if "(OBSOLETED)" in self.description:
            return Registry.OBSOLETED
        if "(TEMPORARY" in self.description:
            return Registry.TEMPORARY
        return Registry.PERMANENT

    @property
    def spec_document(self):
        """The defining document as the fixtures write it: "RFC 9110" or the draft's name."""
        rfc = RFC_REFERENCE.match(self.reference)
        if rfc:
            return f"RFC {rfc[1]}"
        draft = DRAFT_REFERENCE.match(self.reference)
        return draft[1] if draft else self.reference


def registry_csv():
    return Path(settings.BASE_DIR) / "fixtures" / "iana" / "http-status-codes.csv"


def read_registry(path=None):
    """Assigned values of the registry, by code (unassigned ranges are left out)."""
    with open(path or registry_csv(), newline="", encoding="utf-8") as registry_file:
        rows = list(csv.DictReader(registry_file))
    return {
        int(row["Value"]): RegistryEntry(int(row["Value"]), row["Description"], row["Reference"])
        for row in rows
        if row["Value"].isdigit() and row["Description"] != "Unassigned"
    }


def registry_differences(codes, registry):
    """Every way the StatusCode rows disagree with the registry, one readable line each."""
    codes = {status.code: status for status in codes}
    differences = []
    for code, entry in sorted(registry.items()):
        status = codes.get(code)
        if status is None:
            differences.append(f"{code}: in the registry ({entry.description}), not in the content")
            continue
        expected = {
            "iana_description": entry.description,
            "registry_status": entry.registry_status,
            "spec_document": entry.spec_document,
        }
        for field, value in expected.items():
            current = getattr(status, field)
            if current != value:
                differences.append(
                    f"{code}: {field} is {current!r}, the registry says {str(value)!r}"
                )
    for code, status in sorted(codes.items()):
        if code not in registry and status.is_registered:
            differences.append(
                f"{code}: marked {status.registry_status}, but the registry does not list it"
            )
    return differences
