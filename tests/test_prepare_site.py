"""`manage.py prepare_site` (make run, make content): one line per step, one line on failure."""

import os
import time
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from statuses.content.loader import ContentError
from statuses.models import StatusCode

pytestmark = pytest.mark.database


def prepare(*steps):
    out, err = StringIO(), StringIO()
    call_command("prepare_site", *steps, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_tells_each_step_in_one_line_and_a_second_run_changes_nothing(db):
    first, _ = prepare()
    again, _ = prepare()

    lines = first.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "-> Migrating the database",
        "-> Creating the editor group",
        "-> Loading the content",
    ]
    assert lines[0].startswith("-> Migrating the database: up to date (")  # the test database
    assert lines[1].startswith("-> Creating the editor group: done (")
    created = StatusCode.objects.count()
    assert (
        " created, 0 updated, 0 unchanged, 0 overwritten, 0 kept as edited, 0 kept deleted."
        in (lines[2])
    )
    assert ": 0 created, 0 updated, " in again and " kept deleted." in again
    assert Group.objects.filter(name="editor").exists() and created > 60


def test_a_failing_step_stops_with_one_line_saying_what_to_do(db, monkeypatch):
    def broken_fixtures(*args, **kwargs):
        raise ContentError("codes_4xx.json: row 404 has no title_ko")

    monkeypatch.setattr("statuses.management.commands.load_content.load_content", broken_fixtures)

    out, err = StringIO(), StringIO()

    with pytest.raises(SystemExit) as stop:
        call_command("prepare_site", stdout=out, stderr=err)

    assert stop.value.code == 1
    # The loader's message: what happened, then one line per bad row.
    assert out.getvalue().splitlines()[-2:] == [
        "-> Loading the content: failed: Nothing was loaded. Fix the fixtures:",
        "codes_4xx.json: row 404 has no title_ko",
    ]
    assert err.getvalue() == (
        "!! Loading the content failed: fix the fixture the error names, then run make again\n"
    )


def test_static_files_are_collected_again_only_after_a_source_changes(db, tmp_path, settings):
    source = tmp_path / "static"
    source.mkdir()
    (source / "extra.css").write_text("body { color: black; }")
    settings.STATICFILES_DIRS = [source]
    settings.STATIC_ROOT = tmp_path / "collected"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    first = prepare("static")[0].splitlines()[-1]
    again = prepare("static")[0].splitlines()[-1]
    (source / "extra.css").write_text("body { color: navy; }")
    # collectstatic compares whole seconds: the edit comes later than the copy, as a person's does.
    later = time.time() + 2
    os.utime(source / "extra.css", (later, later))
    changed = prepare("static")[0].splitlines()[-1]

    assert first.startswith("-> Collecting static files: ") and " copied to " in first
    assert again.startswith("-> Collecting static files: up to date (")
    assert changed.startswith("-> Collecting static files: 1 static file copied to ")


def test_only_the_named_steps_run_and_an_unknown_one_is_refused(db):
    out, _ = prepare("migrate")

    assert [line.split(":")[0] for line in out.splitlines()] == ["-> Migrating the database"]
    with pytest.raises(CommandError, match="No step migrations: choose from"):
        prepare("migrations")
