import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse

from statuses.models import StatusCode

from .forms import open_form, submit_form

pytestmark = pytest.mark.database


def test_changelist_renders_with_columns_and_filters(admin_client, sample_codes):
    response = admin_client.get(reverse("admin:statuses_statuscode_changelist"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Not Found" in html and "찾을 수 없음" in html
    assert "registry_status__exact" in html


@pytest.mark.parametrize(("term", "expected", "absent"), [("404", 404, 410), ("찾을", 404, 410)])
def test_search_finds_by_code_and_korean_text(admin_client, sample_codes, term, expected, absent):
    url = reverse("admin:statuses_statuscode_changelist")

    html = admin_client.get(url, {"q": term}).content.decode()

    assert reverse("admin:statuses_statuscode_change", args=[expected]) in html
    assert reverse("admin:statuses_statuscode_change", args=[absent]) not in html


def test_change_view_renders_code_read_only_with_vendor_inline(admin_client, sample_codes):
    response = admin_client.get(reverse("admin:statuses_statuscode_change", args=[499]))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="code"' not in html
    assert "vendor_usages-0-vendor" in html
    assert 'class="viewsitelink"' in html


def test_an_edit_saves_and_appears_on_the_public_page(admin_client, sample_codes):
    url = reverse("admin:statuses_statuscode_change", args=[404])

    response = submit_form(admin_client, url, {"description_ko": "편집한 **설명**"})

    assert response.status_code == 302, response.content.decode()[:2000]
    assert StatusCode.objects.get(pk=404).description_ko == "편집한 **설명**"
    page = admin_client.get(reverse("statuses:detail", args=[404])).content.decode()
    assert "편집한 <strong>설명</strong>" in page


def test_the_code_cannot_be_changed_through_the_form(admin_client, sample_codes):
    url = reverse("admin:statuses_statuscode_change", args=[404])

    submit_form(admin_client, url, {"code": "405"})  # a field the page does not render

    assert StatusCode.objects.filter(pk=404).exists()
    assert not StatusCode.objects.filter(pk=405).exists()


def test_adding_a_code_outside_the_range_shows_an_error(admin_client, status_classes):
    url = reverse("admin:statuses_statuscode_add")
    response = submit_form(
        admin_client,
        url,
        {"code": "600", "title_ko": "x", "summary_ko": "x", "description_ko": "x"},
    )

    assert response.status_code == 200
    assert "599" in response.content.decode()
    assert not StatusCode.objects.filter(pk=600).exists()


def test_anonymous_users_are_sent_to_login(client, sample_codes):
    response = client.get(reverse("admin:statuses_statuscode_change", args=[404]))

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_a_non_staff_user_cannot_edit(client, admin_client, sample_codes):
    url = reverse("admin:statuses_statuscode_change", args=[404])
    form = open_form(admin_client, url)  # the form as staff see it, posted by someone else
    user = User.objects.create_user("visitor", password="pw-for-tests-only")
    user.user_permissions.add(Permission.objects.get(codename="change_statuscode"))
    client.force_login(user)

    response = form.submit(client, {"description_ko": "해킹"})

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert StatusCode.objects.get(pk=404).description_ko != "해킹"


@pytest.mark.parametrize(
    "name", ["statuses_statusclass_changelist", "statuses_vendorusage_changelist"]
)
def test_other_changelists_render(admin_client, sample_codes, name):
    assert admin_client.get(reverse(f"admin:{name}"), {"q": "nginx"}).status_code == 200
