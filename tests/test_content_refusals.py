"""The loader checks every row as the admin would, and writes nothing when one is bad."""

import json

import pytest
from django.core.management import CommandError, call_command

from statuses.content.loader import FIXTURE_FILES, load_content
from statuses.models import StatusCode, VendorUsage

pytestmark = pytest.mark.database


@pytest.fixture
def fixture_dir(tmp_path, sample_codes):
    """The sample content exported and loaded back: fixtures and database agree."""
    directory = tmp_path / "fixtures"
    call_command("export_content", directory=directory)
    load_content(directory)
    return directory


def snapshot(tmp_path_factory):
    """Everything the database holds, as the exporter writes it."""
    directory = tmp_path_factory.mktemp("snapshot")
    call_command("export_content", directory=directory)
    versions = sorted(StatusCode.objects.values_list("code", "version"))
    return versions, {f.name: (directory / f.name).read_text("utf-8") for f in FIXTURE_FILES}


def edit_rows(directory, name, change):
    path = directory / name
    rows = json.loads(path.read_text(encoding="utf-8"))
    change(rows)
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")


def row_of(rows, pk):
    return next(row for row in rows if row.get("pk") == pk)


def set_field(pk, name, value):
    def change(rows):
        row_of(rows, pk)["fields"][name] = value

    return change


def move_503_into_4xx(directory):
    five = json.loads((directory / "codes_5xx.json").read_text(encoding="utf-8"))
    edit_rows(directory, "codes_4xx.json", lambda rows: rows.append({**five[0], "pk": 503}))


BAD_ROWS = {
    "class digit 7": (
        "classes.json",
        lambda rows: rows.append({**rows[0], "pk": 7}),
        "classes.json row 6 (statuses.statusclass:7): digit:",
    ),
    "class digit 0": (
        "classes.json",
        lambda rows: rows.append({**rows[0], "pk": 0}),
        "classes.json row 6 (statuses.statusclass:0): digit:",
    ),
    "bogus registry status": (
        "codes_4xx.json",
        set_field(404, "registry_status", "bogus"),
        "(statuses.statuscode:404): registry_status:",
    ),
    "overlong title": (
        "codes_4xx.json",
        set_field(404, "title_ko", "가" * 101),
        "(statuses.statuscode:404): title_ko:",
    ),
    "javascript spec link": (
        "codes_4xx.json",
        set_field(404, "spec_url", "javascript:alert(1)"),
        "(statuses.statuscode:404): spec_url:",
    ),
    "code related to itself": (
        "codes_4xx.json",
        set_field(404, "related_codes", [404, 410]),
        "(statuses.statuscode:404): related_codes:",
    ),
    "NUL character": (
        "codes_4xx.json",
        set_field(410, "summary_ko", "사라\x00짐"),
        "(statuses.statuscode:410): summary_ko:",
    ),
    "Markdown link that is no web address": (
        "codes_4xx.json",
        set_field(404, "description_ko", "문서 [MS-WDV](WebDAV-확장)를 보세요."),
        "(statuses.statuscode:404): description_ko:",
    ),
    "Markdown link to a page the site does not have": (
        "codes_4xx.json",
        set_field(404, "description_en", "See [487](/487/)."),
        "(statuses.statuscode:404): description_en:",
    ),
    "javascript Markdown link": (
        "vendor_usages.json",
        lambda rows: rows[0]["fields"].update(description_ko="[클릭](javascript:alert(1))"),
        "vendor_usages.json row 1 (statuses.vendorusage:499/nginx): description_ko:",
    ),
    "vendor usage of a code that exists nowhere": (
        "vendor_usages.json",
        lambda rows: rows[0]["fields"].update(code=487),
        "vendor_usages.json row 1 (statuses.vendorusage:487/nginx): code:",
    ),
    "comparison in the wrong order": (
        "comparisons.json",
        lambda rows: rows[0]["fields"].update(first=410, second=404),
        "comparisons.json row 1 (statuses.codecomparison:410/404): first:",
    ),
    "row missing its fields": (
        "codes_4xx.json",
        lambda rows: rows[0].pop("fields"),
        "codes_4xx.json row 1: missing 'fields'",
    ),
    "number in a text field": (
        "codes_4xx.json",
        set_field(404, "summary_ko", 404),
        "(statuses.statuscode:404): summary_ko: must be text in quotes, found the number 404",
    ),
    "NaN in a text field": (
        "codes_4xx.json",
        set_field(404, "title_ko", float("nan")),  # json.dumps writes NaN, which json.loads reads
        "(statuses.statuscode:404): title_ko: must be text in quotes, found NaN",
    ),
    "list in a text field": (
        "codes_4xx.json",
        set_field(410, "title_ko", [[["사라짐"]]]),
        "(statuses.statuscode:410): title_ko: must be text in quotes, found a list",
    ),
    "key with a fraction": (
        "codes_4xx.json",
        lambda rows: rows[0].update(pk=404.5),
        "codes_4xx.json row 1 (statuses.statuscode:404.5): pk: must be a whole number, found the"
        " number 404.5",
    ),
    "key as text": (
        "codes_4xx.json",
        lambda rows: rows[0].update(pk="404"),
        "codes_4xx.json row 1 (statuses.statuscode:404): pk: must be a whole number, found the"
        " text “404”",
    ),
    "true as a number": (
        "codes_4xx.json",
        set_field(404, "related_codes", [410, True]),
        "(statuses.statuscode:404): related_codes: must be a list of whole numbers, found a list",
    ),
    "protocol-relative link in a guide's text": (
        "guides.json",
        lambda rows: rows.append(
            {
                "model": "statuses.guide",
                "pk": "links",
                "fields": {
                    "title_ko": "링크",
                    "summary_ko": "요약",
                    "body_ko": "[다른 사이트](//evil.example/)",
                },
            }
        ),
        "guides.json row 1 (statuses.guide:links): body_ko: “//evil.example/” is not a web address",
    ),
    "row of another model": (
        "codes_4xx.json",
        lambda rows: rows[0].update(model="statuses.statusclass"),
        "codes_4xx.json row 1: a statuses.statusclass row does not belong in this file",
    ),
}


@pytest.mark.parametrize("case", list(BAD_ROWS))
def test_a_bad_row_is_refused_by_name_and_nothing_is_written(fixture_dir, tmp_path_factory, case):
    name, change, expected = BAD_ROWS[case]
    before = snapshot(tmp_path_factory)
    edit_rows(fixture_dir, "codes_4xx.json", set_field(410, "summary_ko", "좋은 변경"))
    edit_rows(fixture_dir, name, change)

    with pytest.raises(CommandError) as refused:
        call_command("load_content", directory=fixture_dir)

    message = str(refused.value)
    assert message.startswith("Nothing was loaded")
    assert expected in message
    assert len(message.splitlines()) == 2  # the heading and one line for the one bad row
    assert snapshot(tmp_path_factory) == before  # not even the good change was written


# Files no json.dumps of Python values writes: text edited as a person (or a tool) might.
BAD_TEXTS = {
    "lone surrogate": (
        lambda text: text.replace('"찾을 수 없음"', '"찾을 수 \\ud800없음"'),
        "codes_4xx.json row 1 (statuses.statuscode:404): title_ko: holds half of a character",
    ),
    "lone surrogate in the key": (
        lambda text: text.replace('"pk": 410', '"pk": "\\udc80"', 1),
        "codes_4xx.json row 2 (statuses.statuscode:\\udc80): pk: holds half of a character",
    ),
    "JSON nested too deep to parse": (
        lambda text: text.replace('"사라짐"', "[" * 100_000 + "]" * 100_000, 1),
        "codes_4xx.json row 2 (title_ko): nested too deep to read",
    ),
}


@pytest.mark.parametrize("case", list(BAD_TEXTS))
def test_a_bad_file_is_refused_on_one_line_naming_row_and_field(
    fixture_dir, tmp_path_factory, case
):
    change, expected = BAD_TEXTS[case]
    before = snapshot(tmp_path_factory)
    path = fixture_dir / "codes_4xx.json"
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")

    with pytest.raises(CommandError) as refused:
        call_command("load_content", directory=fixture_dir)

    message = str(refused.value)
    assert expected in message
    assert len(message.splitlines()) == 2
    message.encode("utf-8")  # printable, whatever the file held
    assert snapshot(tmp_path_factory) == before


def test_a_code_in_another_class_file_is_refused(fixture_dir, tmp_path_factory, status_classes):
    StatusCode.objects.create(
        code=503, title_ko="서비스 불가", summary_ko="요약", description_ko="설명"
    )
    call_command("export_content", directory=fixture_dir)
    before = snapshot(tmp_path_factory)
    move_503_into_4xx(fixture_dir)
    edit_rows(fixture_dir, "codes_4xx.json", set_field(503, "title_ko", "덮어쓰기"))

    with pytest.raises(CommandError, match=r"code 503 belongs in codes_5xx.json"):
        call_command("load_content", directory=fixture_dir)

    assert snapshot(tmp_path_factory) == before
    assert StatusCode.objects.get(pk=503).title_ko == "서비스 불가"


def test_every_bad_row_gets_its_own_line(fixture_dir):
    edit_rows(fixture_dir, "codes_4xx.json", set_field(404, "title_ko", "가" * 101))
    edit_rows(fixture_dir, "codes_4xx.json", set_field(410, "spec_url", "ftp://example.com/"))

    with pytest.raises(CommandError) as refused:
        call_command("load_content", directory=fixture_dir)

    lines = str(refused.value).splitlines()[1:]
    assert [line.split("): ")[0] + ")" for line in lines] == [
        "codes_4xx.json row 1 (statuses.statuscode:404)",
        "codes_4xx.json row 2 (statuses.statuscode:410)",
    ]


def test_broken_json_is_a_clear_message_not_a_traceback(fixture_dir, tmp_path_factory):
    before = snapshot(tmp_path_factory)
    (fixture_dir / "codes_4xx.json").write_text('[{"model": "statuses.statuscode",', "utf-8")

    with pytest.raises(CommandError, match=r"codes_4xx.json: not valid JSON \(.*line 1"):
        call_command("load_content", directory=fixture_dir)

    assert snapshot(tmp_path_factory) == before


def test_links_to_existing_pages_and_web_addresses_are_accepted(fixture_dir):
    text = "[410](/410/), [영문 410](/en/410/), [4xx](/4xx/), [RFC](https://www.rfc-editor.org/)"
    edit_rows(fixture_dir, "codes_4xx.json", set_field(404, "description_ko", text))

    report = load_content(fixture_dir)

    assert report.updated == ["statuses.statuscode:404"]


def test_a_deletion_in_the_admin_is_kept_and_reported(fixture_dir, capsys):
    VendorUsage.objects.get(code=499, vendor="nginx").delete()

    call_command("load_content", directory=fixture_dir)

    assert not VendorUsage.objects.filter(code=499).exists()
    out = capsys.readouterr().out
    assert "1 kept deleted" in out
    assert "statuses.vendorusage:499/nginx" in out


def test_overwrite_brings_a_deleted_row_back(fixture_dir):
    VendorUsage.objects.get(code=499, vendor="nginx").delete()

    report = load_content(fixture_dir, overwrite=True)

    assert VendorUsage.objects.filter(code=499, vendor="nginx").exists()
    assert report.overwritten == ["statuses.vendorusage:499/nginx"]


def test_an_export_elsewhere_does_not_make_an_edit_look_unedited(fixture_dir, tmp_path):
    status = StatusCode.objects.get(pk=404)
    status.title_ko = "편집자가 고친 제목"
    status.save()

    call_command("export_content", directory=tmp_path / "elsewhere")
    report = load_content(fixture_dir)

    assert report.kept == ["statuses.statuscode:404"]
    assert StatusCode.objects.get(pk=404).title_ko == "편집자가 고친 제목"


def test_the_loaders_history_entries_hold_the_related_codes(fixture_dir):
    edit_rows(fixture_dir, "codes_4xx.json", set_field(404, "related_codes", [410]))
    edit_rows(fixture_dir, "codes_4xx.json", set_field(410, "related_codes", [404]))
    edit_rows(fixture_dir, "codes_4xx.json", set_field(499, "related_codes", []))
    before = StatusCode.history.filter(code=404).count()

    load_content(fixture_dir)

    entries = StatusCode.history.filter(code=404).order_by("history_id")
    assert entries.count() == before + 1
    latest = entries.last()
    assert latest.history_change_reason == "load_content"
    assert [link.to_statuscode_id for link in latest.related_codes.all()] == [410]
