import pytest
from django.test import Client
from django.urls import reverse

from statuses import forms
from statuses.content import load_content
from statuses.models import EditConflict, StatusCode, VendorUsage

from .conftest import change_form_data

CHANGE_404 = reverse("admin:statuses_statuscode_change", args=[404])


@pytest.fixture
def second_client(editor):
    client = Client()
    client.force_login(editor)
    return client


def post_404(client, opened, **changes):
    """Save 404 from a form opened when the row looked like ``opened``."""
    return client.post(CHANGE_404, change_form_data(opened, related=[410, 499], **changes))


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
    opened = StatusCode.objects.get(pk=404)  # both editors open version 1
    assert post_404(editor_client, opened, description_ko="첫 편집자의 설명").status_code == 302

    response = post_404(second_client, opened, description_ko="두 번째 편집자의 설명")

    assert response.status_code == 200
    html = response.content.decode()
    assert "다른 사람이 저장했습니다" in html
    assert "<del>서버에 **해당 리소스**가 없습니다.</del> → <ins>첫 편집자의 설명</ins>" in html
    assert "두 번째 편집자의 설명</textarea>" in html  # the second editor's input is kept
    assert StatusCode.objects.get(pk=404).description_ko == "첫 편집자의 설명"


def test_after_the_conflict_saving_again_keeps_the_second_version(
    editor_client, second_client, sample_codes
):
    opened = StatusCode.objects.get(pk=404)
    post_404(editor_client, opened, description_ko="첫 편집자의 설명")
    response = post_404(second_client, opened, description_ko="두 번째 편집자의 설명")
    form = response.context["adminform"].form
    assert form["version"].value() == 2  # the form now starts from the saved version

    again = second_client.post(CHANGE_404, {**form.data.dict(), "related_codes": [410, 499]})

    assert again.status_code == 302
    assert StatusCode.objects.get(pk=404).description_ko == "두 번째 편집자의 설명"


def test_a_save_that_loses_the_race_after_validation_is_refused(
    editor_client, sample_codes, monkeypatch
):
    opened = StatusCode.objects.get(pk=404)
    real_current_version = forms.current_version
    calls = []

    def stale_check_then_real(instance):
        # First validation passes; meanwhile somebody else saves; the conditional UPDATE
        # then refuses the save and the form is shown again with the conflict.
        # (The other save is repeated because the refused attempt's transaction rolls it back.)
        calls.append(instance)
        StatusCode.objects.filter(pk=404, version=1).update(title_ko="그 사이", version=2)
        return 1 if len(calls) == 1 else real_current_version(instance)

    monkeypatch.setattr(forms, "current_version", stale_check_then_real)

    response = post_404(editor_client, opened, description_ko="늦은 저장")

    assert response.status_code == 200
    assert "다른 사람이 저장했습니다" in response.content.decode()
    status = StatusCode.objects.get(pk=404)
    assert status.description_ko != "늦은 저장"
    assert status.version == 2


def test_a_form_opened_before_a_content_load_conflicts(editor_client, sample_codes, tmp_path):
    from django.core.management import call_command

    opened = StatusCode.objects.get(pk=404)
    call_command("export_content", directory=tmp_path)
    path = tmp_path / "codes_4xx.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace("요청한 리소스를", "배포로 바뀐"), encoding="utf-8"
    )
    load_content(tmp_path)
    assert StatusCode.objects.get(pk=404).version == 2

    response = post_404(editor_client, opened, description_ko="편집")

    assert response.status_code == 200
    assert "다른 사람이 저장했습니다" in response.content.decode()
    assert StatusCode.objects.get(pk=404).summary_ko.startswith("배포로 바뀐")


def test_a_stale_vendor_usage_in_the_inline_is_refused(editor_client, sample_codes):
    usage = VendorUsage.objects.get(code=499)
    url = reverse("admin:statuses_statuscode_change", args=[499])
    data = change_form_data(sample_codes[499])
    data.update(
        {
            "vendor_usages-TOTAL_FORMS": "1",
            "vendor_usages-INITIAL_FORMS": "1",
            "vendor_usages-0-id": usage.pk,
            "vendor_usages-0-code": 499,
            "vendor_usages-0-version": usage.version,
            "vendor_usages-0-vendor": "nginx",
            "vendor_usages-0-name": "늦은 이름",
            "vendor_usages-0-source_url": usage.source_url,
            "vendor_usages-0-description_ko": usage.description_ko,
        }
    )
    usage.name = "먼저 저장한 이름"
    usage.save()

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "다른 사람이 저장했습니다" in response.content.decode()
    assert VendorUsage.objects.get(pk=usage.pk).name == "먼저 저장한 이름"
