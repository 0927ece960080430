from io import StringIO

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.urls import reverse

from statuses.management.commands.create_editor_group import EDITOR_PERMISSIONS
from statuses.models import StatusCode

from .forms import open_form, submit_form

pytestmark = pytest.mark.database


def test_the_command_creates_the_group_with_exactly_the_editor_permissions(db):
    call_command("create_editor_group", stdout=StringIO())
    call_command("create_editor_group", stdout=StringIO())  # running it again changes nothing

    group = Group.objects.get(name="editor")
    assert sorted(group.permissions.values_list("codename", flat=True)) == sorted(
        EDITOR_PERMISSIONS
    )


def test_the_command_gives_an_existing_user_the_role(db):
    User.objects.create_user("mina", password="pw-for-tests-only")

    call_command("create_editor_group", add=["mina"], stdout=StringIO())

    user = User.objects.get(username="mina")
    assert user.is_staff and not user.is_superuser
    assert user.groups.filter(name="editor").exists()


def test_the_command_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user"):
        call_command("create_editor_group", add=["nobody"], stdout=StringIO())


def test_an_editor_changes_a_description(editor_client, sample_codes):
    url = reverse("admin:statuses_statuscode_change", args=[404])

    response = submit_form(editor_client, url, {"description_ko": "편집자의 설명"})

    assert response.status_code == 302
    assert StatusCode.objects.get(pk=404).description_ko == "편집자의 설명"


def test_an_editor_cannot_change_the_number(editor_client, sample_codes):
    url = reverse("admin:statuses_statuscode_change", args=[404])

    form = open_form(editor_client, url)
    assert "code" not in form
    form.submit(editor_client, {"code": "405"})  # a field the page does not render

    assert not StatusCode.objects.filter(pk=405).exists()


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:statuses_statuscode_add"),
        reverse("admin:statuses_statuscode_delete", args=[404]),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_group_changelist"),
        reverse("admin:auth_user_add"),
    ],
)
def test_an_editor_cannot_add_or_delete_codes_or_touch_users(editor_client, sample_codes, url):
    assert editor_client.get(url).status_code == 403


def test_an_editor_can_add_a_vendor_usage(editor_client, sample_codes):
    url = reverse("admin:statuses_vendorusage_add")

    response = submit_form(
        editor_client,
        url,
        {
            "code": "404",
            "vendor": "IIS",
            "description_ko": "IIS의 하위 상태 코드",
            "source_url": "https://learn.microsoft.com/troubleshoot/iis/http-status-code",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert sample_codes[404].vendor_usages.filter(vendor="IIS").exists()


def test_an_editor_can_open_the_history(editor_client, sample_codes):
    url = reverse("admin:statuses_statuscode_history", args=[404])

    assert editor_client.get(url).status_code == 200


def test_a_non_staff_editor_group_member_cannot_reach_the_admin(client, sample_codes):
    call_command("create_editor_group", stdout=StringIO())
    user = User.objects.create_user("outsider", password="pw-for-tests-only")
    user.groups.add(Group.objects.get(name="editor"))
    client.force_login(user)

    for url in [reverse("admin:index"), reverse("admin:statuses_statuscode_change", args=[404])]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
