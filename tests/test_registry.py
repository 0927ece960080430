"""The content agrees with the copy of the IANA registry in fixtures/iana/, and a registry change
shows up as a precise list of differences."""

import pytest
from django.core.management import CommandError, call_command

from statuses.content.registry import read_registry, registry_csv, registry_differences
from statuses.models import (
    StatusCode,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry_copy(tmp_path):
    """A copy of the registry CSV that a test may edit."""
    path = tmp_path / "http-status-codes.csv"
    path.write_text(registry_csv().read_text(encoding="utf-8"), encoding="utf-8")
    return path


def test_the_copy_lists_the_64_assigned_values():
    registry = read_registry()

    assert len(registry) == 64
    assert registry[413].description == "Content Too Large"
    assert registry[104].registry_status == StatusCode.RegistryStatus.TEMPORARY
    assert registry[510].registry_status == StatusCode.RegistryStatus.OBSOLETED
    assert registry[418].registry_status == StatusCode.RegistryStatus.UNUSED
    assert registry[451].spec_document == "RFC 7725"
    assert registry[104].spec_document == "draft-ietf-httpbis-resumable-upload-05"


def test_the_content_matches_the_registry(db, real_content):
    assert registry_differences(StatusCode.objects.all(), read_registry()) == []


def test_a_registry_change_becomes_a_list_of_differences(db, real_content, registry_copy):
    text = registry_copy.read_text(encoding="utf-8")
    text = text.replace(
        '104,"Upload Resumption Supported (TEMPORARY - registered 2024-11-13, extension '
        'registered 2025-09-15, expires 2026-11-13)",[draft-ietf-httpbis-resumable-upload-05]',
        "104,Upload Resumption Supported,[RFC9999]",
    )
    text = text.replace("432-450,Unassigned,", "432-449,Unassigned,\n450,Invented Code,[RFC9998]")
    registry_copy.write_text(text, encoding="utf-8")

    differences = registry_differences(StatusCode.objects.all(), read_registry(registry_copy))

    assert differences == [
        "104: iana_description is 'Upload Resumption Supported (TEMPORARY - registered "
        "2024-11-13, extension registered 2025-09-15, expires 2026-11-13)', the registry says "
        "'Upload Resumption Supported'",
        "104: registry_status is 'temporary', the registry says 'permanent'",
        "104: spec_document is 'draft-ietf-httpbis-resumable-upload-05', the registry says "
        "'RFC 9999'",
        "450: in the registry (Invented Code), not in the content",
    ]


def test_a_code_the_registry_dropped_is_reported(db, real_content, registry_copy):
    lines = registry_copy.read_text(encoding="utf-8").splitlines(keepends=True)
    registry_copy.write_text(
        "".join(line for line in lines if not line.startswith("104,")), "utf-8"
    )

    differences = registry_differences(StatusCode.objects.all(), read_registry(registry_copy))

    assert differences == ["104: marked temporary, but the registry does not list it"]


def test_check_registry_command_passes_on_the_content(db, real_content, capsys):
    call_command("check_registry")

    assert "All 64 registered values match" in capsys.readouterr().out


def test_check_registry_command_fails_on_a_difference(db, real_content, registry_copy, capsys):
    text = registry_copy.read_text(encoding="utf-8").replace("404,Not Found,", "404,Lost,")
    registry_copy.write_text(text, encoding="utf-8")

    with pytest.raises(CommandError, match="1 difference"):
        call_command("check_registry", csv=str(registry_copy))

    assert "404: iana_description is 'Not Found', the registry says 'Lost'" in (
        capsys.readouterr().out
    )


def test_check_registry_command_explains_an_unreadable_file(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot read the registry CSV"):
        call_command("check_registry", csv=str(tmp_path / "missing.csv"))
