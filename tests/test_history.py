import re

from django.urls import reverse

from statuses.models import StatusCode, VendorUsage

from .conftest import change_form_data

CHANGE_404 = reverse("admin:statuses_statuscode_change", args=[404])
HISTORY_404 = reverse("admin:statuses_statuscode_history", args=[404])


def edit_404(client, **changes):
    status = StatusCode.objects.get(pk=404)
    related = status.related_codes.values_list("code", flat=True)
    response = client.post(CHANGE_404, change_form_data(status, related=related, **changes))
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def test_an_admin_edit_is_recorded_with_who_and_what(editor_client, editor, sample_codes):
    edit_404(editor_client, description_ko="고친 설명")

    record = StatusCode.history.filter(code=404).latest()
    assert record.history_user == editor
    assert record.history_type == "~"
    assert record.description_ko == "고친 설명"


def test_the_history_page_shows_a_readable_difference(editor_client, sample_codes):
    edit_404(editor_client, description_ko="고친 설명")

    html = editor_client.get(HISTORY_404).content.decode()

    assert "서버에 **해당 리소스**가 없습니다." in html
    assert "고친 설명" in html
    assert "<strong>버전:</strong>" not in html  # bookkeeping is left out of the difference


def test_revert_from_the_history_restores_the_text_and_links(editor_client, sample_codes):
    original = StatusCode.history.filter(code=404).latest()
    edit_404(editor_client, description_ko="고친 설명", related_codes=[418])
    revert_url = reverse("admin:statuses_statuscode_simple_history", args=[404, original.pk])

    # Click one: open the old version. Its form carries the current version, not the old one.
    form = editor_client.get(revert_url).context["adminform"].form
    assert form.initial["version"] == StatusCode.objects.get(pk=404).version
    assert sorted(form.initial["related_codes"]) == [410, 499]
    # Click two: "Revert".
    data = {name: form[name].value() for name in form.fields}
    response = editor_client.post(revert_url, clean_post(data))

    assert response.status_code == 302
    status = StatusCode.objects.get(pk=404)
    assert status.description_ko == "서버에 **해당 리소스**가 없습니다."
    assert set(status.related_codes.values_list("code", flat=True)) == {410, 499}
    assert status.version == 3


def test_a_revert_from_a_stale_page_is_a_conflict(editor_client, sample_codes):
    original = StatusCode.history.filter(code=404).latest()
    revert_url = reverse("admin:statuses_statuscode_simple_history", args=[404, original.pk])
    form = editor_client.get(revert_url).context["adminform"].form
    edit_404(editor_client, description_ko="그 사이에 고친 설명")

    data = {name: form[name].value() for name in form.fields}
    response = editor_client.post(revert_url, clean_post(data))

    assert response.status_code == 200
    assert "다른 사람이 저장했습니다" in response.content.decode()
    assert StatusCode.objects.get(pk=404).description_ko == "그 사이에 고친 설명"


def test_vendor_usage_and_class_changes_are_recorded(sample_codes, status_classes):
    usage = VendorUsage.objects.get(code=499)
    usage.name = "새 이름"
    usage.save()
    status_class = status_classes[3]
    status_class.summary_ko = "새 요약"
    status_class.save()

    assert usage.history.latest().name == "새 이름"
    assert status_class.history.latest().summary_ko == "새 요약"


def test_a_success_message_links_to_the_public_page(editor_client, sample_codes):
    response = edit_404(editor_client, description_ko="고친 설명")

    html = editor_client.get(response["Location"]).content.decode()

    public_url = reverse("statuses:detail", args=[404])
    assert re.search(rf'<a href="{public_url}">사이트에서 보기</a>', html)


def clean_post(data):
    """Form values as a browser would post them (no None, booleans as checkbox values)."""
    post = {}
    for name, value in data.items():
        if value is None or value is False or value == "":
            continue
        post[name] = "on" if value is True else value
    return post
