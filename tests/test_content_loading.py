import importlib
import json

import pytest
from django.core.management import CommandError, call_command

from statuses.content.loader import FIXTURE_FILES, load_content
from statuses.models import (
    CodeComparison,
    DecisionAnswer,
    DecisionStep,
    Guide,
    GuideFact,
    StatusClass,
    StatusCode,
    VendorUsage,
)

pytestmark = pytest.mark.database


@pytest.fixture
def fixture_dir(tmp_path, sample_codes):
    """A fixture directory exported from the sample content, then an empty database."""
    call_command("export_content", directory=tmp_path)
    VendorUsage.objects.all().delete()
    StatusCode.objects.all().delete()
    return tmp_path


EDITED = "편집자가 고친 설명"


@pytest.fixture
def edited_fixture_dir(fixture_dir):
    """The fixtures loaded, then 404's Korean description edited in the database."""
    load_content(fixture_dir)
    StatusCode.objects.filter(pk=404).update(description_ko=EDITED)
    return fixture_dir


def test_load_creates_every_row_with_related_codes(fixture_dir):
    report = load_content(fixture_dir)

    assert StatusCode.objects.count() == 5
    assert set(StatusCode.objects.get(pk=410).related_codes.values_list("code", flat=True)) == {404}
    assert VendorUsage.objects.get(code=499, vendor="nginx").name == "Client Closed Request"
    assert "statuses.statuscode:404" in report.created
    assert "statuses.vendorusage:499/nginx" in report.created


def test_second_load_keeps_an_admin_edit_and_lists_it(edited_fixture_dir):
    report = load_content(edited_fixture_dir)

    assert StatusCode.objects.get(pk=404).description_ko == EDITED
    assert report.kept == ["statuses.statuscode:404"]


def test_overwrite_flag_replaces_the_edit(edited_fixture_dir):
    report = load_content(edited_fixture_dir, overwrite=True)

    assert StatusCode.objects.get(pk=404).description_ko == "서버에 **해당 리소스**가 없습니다."
    assert report.overwritten == ["statuses.statuscode:404"]


def test_unedited_rows_follow_changed_fixtures(fixture_dir):
    load_content(fixture_dir)
    path = fixture_dir / "codes_4xx.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    for row in rows:
        if row["pk"] == 410:
            row["fields"]["summary_ko"] = "새 요약"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")

    report = load_content(fixture_dir)

    assert StatusCode.objects.get(pk=410).summary_ko == "새 요약"
    assert report.updated == ["statuses.statuscode:410"]
    assert report.kept == []


def test_an_edited_vendor_usage_is_kept(fixture_dir):
    load_content(fixture_dir)
    VendorUsage.objects.filter(code=499).update(name="Edited")

    report = load_content(fixture_dir)

    assert VendorUsage.objects.get(code=499).name == "Edited"
    assert report.kept == ["statuses.vendorusage:499/nginx"]


def test_rows_added_in_the_admin_survive_a_load(fixture_dir):
    load_content(fixture_dir)
    StatusCode.objects.create(
        code=420, title_ko="새 코드", summary_ko="요약", description_ko="설명"
    )

    report = load_content(fixture_dir)

    assert StatusCode.objects.filter(pk=420).exists()
    assert report.only_in_database == ["statuses.statuscode:420"]


def test_export_then_load_changes_nothing(edited_fixture_dir, tmp_path_factory):
    out = tmp_path_factory.mktemp("export")

    call_command("export_content", directory=out)
    report = load_content(out)

    assert report.created == report.updated == report.kept == report.overwritten == []
    assert StatusCode.objects.get(pk=404).description_ko == EDITED


def test_export_is_byte_for_byte_stable_and_readable(fixture_dir, tmp_path_factory):
    load_content(fixture_dir)
    first, second = tmp_path_factory.mktemp("a"), tmp_path_factory.mktemp("b")

    call_command("export_content", directory=first)
    call_command("export_content", directory=second)

    for fixture in FIXTURE_FILES:
        text = (first / fixture.name).read_text(encoding="utf-8")
        assert text == (second / fixture.name).read_text(encoding="utf-8")
        assert text == (fixture_dir / fixture.name).read_text(encoding="utf-8")
    assert "찾을 수 없음" in (first / "codes_4xx.json").read_text(encoding="utf-8")
    assert "updated_at" not in (first / "codes_4xx.json").read_text(encoding="utf-8")


def test_load_command_reports_kept_rows(fixture_dir, capsys):
    load_content(fixture_dir)
    StatusCode.objects.filter(pk=404).update(title_ko="고침")

    call_command("load_content", directory=fixture_dir)

    out = capsys.readouterr().out
    assert "1 kept as edited" in out
    assert "statuses.statuscode:404" in out


def test_a_related_code_missing_from_the_fixtures_is_a_clear_error(fixture_dir):
    path = fixture_dir / "codes_4xx.json"
    rows = json.loads(path.read_text(encoding="utf-8"))
    rows[0]["fields"]["related_codes"] = [431]
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")

    with pytest.raises(
        CommandError,
        match=r"codes_4xx.json row 1 \(statuses.statuscode:404\): related_codes: lists \[431\]",
    ):
        call_command("load_content", directory=fixture_dir)

    assert not StatusCode.objects.exists()


def test_fixtures_hold_content_only_no_versions_history_or_users(fixture_dir):
    text = "".join(
        (fixture_dir / fixture.name).read_text(encoding="utf-8") for fixture in FIXTURE_FILES
    )

    assert {fixture.model for fixture in FIXTURE_FILES} == {
        StatusClass,
        StatusCode,
        VendorUsage,
        CodeComparison,
        Guide,
        DecisionStep,
        DecisionAnswer,
        GuideFact,
    }
    for word in ["version", "history", "user", "updated_at"]:
        assert f'"{word}' not in text


def test_an_edit_saved_through_the_admin_path_is_kept(fixture_dir):
    load_content(fixture_dir)
    status = StatusCode.objects.get(pk=404)
    status.description_ko = "편집자가 고친 설명"
    status.save()  # as the admin does: new version, new history entry

    report = load_content(fixture_dir)

    assert report.kept == ["statuses.statuscode:404"]
    assert StatusCode.objects.get(pk=404).description_ko == "편집자가 고친 설명"


def test_a_load_that_updates_a_row_bumps_its_version_and_records_history(fixture_dir):
    load_content(fixture_dir)
    loaded_version = StatusCode.objects.get(pk=404).version
    path = fixture_dir / "codes_4xx.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace("요청한 리소스를", "바뀐"), encoding="utf-8"
    )

    load_content(fixture_dir)

    status = StatusCode.objects.get(pk=404)
    assert status.version == loaded_version + 1
    latest = status.history.latest()
    assert latest.summary_ko.startswith("바뀐")
    assert latest.history_change_reason == "load_content"


def test_saving_every_real_code_unchanged_in_the_admin_is_not_an_edit(content, editor_client):
    from django.urls import reverse

    from .forms import submit_form

    for code in StatusCode.objects.values_list("code", flat=True):
        url = reverse("admin:statuses_statuscode_change", args=[code])
        response = submit_form(editor_client, url)  # as rendered: CRLF line ends and all
        assert response.status_code == 302, (code, response.context["adminform"].form.errors)

    report = load_content()

    assert report.kept == []


def test_facts_unedited_when_their_korean_label_arrived_take_it_on_the_next_load(
    content, settings, tmp_path
):
    """Migration 0010 gave facts subject_ko; baselines taken before it lack the field."""
    from django.apps import apps

    from statuses.content.loader import checksum, instance_key, to_rows
    from statuses.models import ContentBaseline

    migration = importlib.import_module("statuses.migrations.0010_guide_fact_subject_ko")
    unedited, edited = GuideFact.objects.filter(subject="Google Search")[:2]
    # The database as the schema change leaves it after a load of the older fixtures.
    GuideFact.objects.filter(pk__in=[unedited.pk, edited.pk]).update(subject_ko="")
    for fact in (unedited, edited):
        row = to_rows([GuideFact.objects.get(pk=fact.pk)], GuideFact)[0]
        del row["fields"]["subject_ko"]
        ContentBaseline.objects.filter(key=instance_key(fact)).update(checksum=checksum(row))
    GuideFact.objects.filter(pk=edited.pk).update(note_en="An editor's note")

    migration.keep_unedited_facts_unedited(apps, None)
    # The facts' file alone is enough (and quicker) to load: the rest is in the database.
    (tmp_path / "guide_facts.json").write_bytes(
        (settings.FIXTURE_DIR / "guide_facts.json").read_bytes()
    )
    report = load_content(tmp_path)

    assert instance_key(unedited) in report.updated
    assert GuideFact.objects.get(pk=unedited.pk).subject_ko == "Google 검색"
    assert instance_key(edited) in report.kept
    assert GuideFact.objects.get(pk=edited.pk).note_en == "An editor's note"
