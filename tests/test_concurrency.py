import pytest
from django.test import Client
from django.urls import reverse

from statuses.content.loader import load_content
from statuses.editing import locking
from statuses.editing.locking import EditConflict
from statuses.models import StatusCode, VendorUsage

from .forms import open_form

pytestmark = pytest.mark.database

CHANGE_404 = reverse("admin:statuses_statuscode_change", args=[404])


@pytest.fixture
def second_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def open_404(client):
    return open_form(client, CHANGE_404)


def test_a_stale_save_writes_nothing_and_raises(sample_codes):
    first = StatusCode.objects.get(pk=404)
    second = StatusCode.objects.get(pk=404)
    first.title_ko = "첫 번째"
    first.save()

    second.title_ko = "두 번째"
    with pytest.raises(EditConflict):
        second.save()

    status = StatusCode.objects.get(pk=404)
    assert status.title_ko == "첫 번째"
    assert status.version == 2


def test_every_save_bumps_the_version(sample_codes):
    status = StatusCode.objects.get(pk=404)

    status.save()
    status.save()

    assert status.version == 3
    assert StatusCode.objects.get(pk=404).version == 3


def test_the_second_of_two_admin_saves_is_refused_with_what_changed(
    editor_client, second_client, sample_codes
):
    first, second = open_404(editor_client), open_404(second_client)  # both at version 1
    assert first.submit(editor_client, {"description_ko": "첫 편집자의 설명"}).status_code == 302

    response = second.submit(second_client, {"description_ko": "두 번째 편집자의 설명"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "다른 사람이 저장했습니다" in html
    changes = html.split('class="conflict-changes"')[1].split("</ul>")[0]
    assert "<del>" in changes and "<ins>" in changes and "편집자의" in changes
    assert "두 번째 편집자의 설명</textarea>" in html  # the second editor's input is kept
    assert StatusCode.objects.get(pk=404).description_ko == "첫 편집자의 설명"


def test_after_a_conflict_saving_again_keeps_both_editors_changes(
    editor_client, second_client, sample_codes
):
    first, second = open_404(editor_client), open_404(second_client)
    first.submit(editor_client, {"title_ko": "첫 편집자의 제목"})
    response = second.submit(second_client, {"description_ko": "두 번째 편집자의 설명"})
    assert response.status_code == 200
    assert "첫 편집자의 제목" in response.content.decode()  # shown in the form, taken over

    again = open_form_from(response, CHANGE_404).submit(second_client)

    assert again.status_code == 302
    status = StatusCode.objects.get(pk=404)
    assert status.title_ko == "첫 편집자의 제목"  # the field the second editor never touched
    assert status.description_ko == "두 번째 편집자의 설명"
    assert status.version == 3


def test_when_both_change_one_field_the_second_save_after_the_conflict_wins(
    editor_client, second_client, sample_codes
):
    first, second = open_404(editor_client), open_404(second_client)
    first.submit(editor_client, {"description_ko": "첫 편집자의 설명"})
    response = second.submit(second_client, {"description_ko": "두 번째 편집자의 설명"})
    assert "둘 다 바꾼 항목" in response.content.decode()

    open_form_from(response, CHANGE_404).submit(second_client)

    assert StatusCode.objects.get(pk=404).description_ko == "두 번째 편집자의 설명"


def open_form_from(response, url):
    from .forms import form_in

    return form_in(response.content.decode(), url)


def test_a_save_that_loses_the_race_after_validation_is_refused(
    editor_client, sample_codes, monkeypatch
):
    form = open_404(editor_client)
    real_current_version = locking.current_version
    calls = []

    def stale_check_then_real(instance):
        # First validation passes; meanwhile somebody else saves; the conditional UPDATE
        # then refuses the save and the form is shown again with the conflict.
        # (The other save is repeated because the refused attempt's transaction rolls it back.)
        calls.append(instance)
        StatusCode.objects.filter(pk=404, version=1).update(title_ko="그 사이", version=2)
        return 1 if len(calls) == 1 else real_current_version(instance)

    monkeypatch.setattr(locking, "current_version", stale_check_then_real)

    response = form.submit(editor_client, {"description_ko": "늦은 저장"})

    assert response.status_code == 200
    assert "다른 사람이 저장했습니다" in response.content.decode()
    status = StatusCode.objects.get(pk=404)
    assert status.description_ko != "늦은 저장"
    assert status.version == 2


def test_a_form_opened_before_a_content_load_conflicts(editor_client, sample_codes, tmp_path):
    from django.core.management import call_command

    call_command("export_content", directory=tmp_path)
    load_content(tmp_path)  # the fixtures in use now say what the database holds
    form = open_404(editor_client)
    path = tmp_path / "codes_4xx.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace("요청한 리소스를", "배포로 바뀐"), encoding="utf-8"
    )
    load_content(tmp_path)
    assert StatusCode.objects.get(pk=404).version == 2  # the deploy's update

    response = form.submit(editor_client, {"description_ko": "편집"})

    assert response.status_code == 200
    assert "다른 사람이 저장했습니다" in response.content.decode()
    assert StatusCode.objects.get(pk=404).summary_ko.startswith("배포로 바뀐")


def test_a_stale_vendor_usage_in_the_inline_is_refused(editor_client, sample_codes):
    usage = VendorUsage.objects.get(code=499)
    form = open_form(editor_client, reverse("admin:statuses_statuscode_change", args=[499]))
    usage.name = "먼저 저장한 이름"
    usage.save()

    response = form.submit(editor_client, {"vendor_usages-0-name": "늦은 이름"})

    assert response.status_code == 200
    assert "다른 사람이 저장했습니다" in response.content.decode()
    assert VendorUsage.objects.get(pk=usage.pk).name == "먼저 저장한 이름"


def test_saving_a_row_deleted_meanwhile_says_so_instead_of_failing(editor_client, sample_codes):
    usage = VendorUsage.objects.get(code=499)
    form = open_form(editor_client, reverse("admin:statuses_vendorusage_change", args=[usage.pk]))
    usage.delete()

    response = form.submit(editor_client, {"name": "늦은 이름"})

    assert response.status_code == 302
    assert not VendorUsage.objects.filter(pk=usage.pk).exists()
    messages = editor_client.get(response["Location"]).content.decode()
    assert "삭제" in messages  # Django's "… doesn't exist. Perhaps it was deleted?"
