"""`manage.py create_logins` (make logins): admin accounts from the environment, no questions."""

import re
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.database

STRONG = "correct-horse-battery-staple-42"


def create_logins(monkeypatch, **variables):
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    out = StringIO()
    call_command("create_logins", stdout=out)
    return out.getvalue()


def logs_in(username, password):
    """Submit the admin's login form, as rendered, with CSRF checks on; True if it lets us in."""
    client = Client(enforce_csrf_checks=True)
    login_url = reverse("admin:login")
    html = client.get(login_url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    response = client.post(
        login_url,
        {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/"},
    )
    return response.status_code == 302 and client.get(reverse("admin:index")).status_code == 200


@pytest.fixture(autouse=True)
def no_login_variables(monkeypatch):
    for name in [
        "DJANGO_SUPERUSER_USERNAME",
        "DJANGO_SUPERUSER_PASSWORD",
        "DJANGO_SUPERUSER_EMAIL",
        "DJANGO_EDITOR_USERNAME",
        "DJANGO_EDITOR_PASSWORD",
    ]:
        monkeypatch.delenv(name, raising=False)


def test_one_command_creates_a_superuser_and_an_editor_who_can_log_in(db, monkeypatch):
    out = create_logins(
        monkeypatch,
        DJANGO_SUPERUSER_USERNAME="admin",
        DJANGO_SUPERUSER_PASSWORD=STRONG,
        DJANGO_SUPERUSER_EMAIL="admin@example.com",
        DJANGO_EDITOR_USERNAME="mina",
        DJANGO_EDITOR_PASSWORD=STRONG + "-mina",
    )

    assert "Superuser admin: created." in out
    assert "Editor mina: created, with the editor role." in out
    admin, mina = User.objects.get(username="admin"), User.objects.get(username="mina")
    assert admin.is_superuser and admin.email == "admin@example.com"
    assert mina.is_staff and not mina.is_superuser
    assert list(mina.groups.values_list("name", flat=True)) == ["editor"]
    assert logs_in("admin", STRONG)
    assert logs_in("mina", STRONG + "-mina")


def test_running_it_again_keeps_existing_accounts_and_their_passwords(db, monkeypatch):
    variables = {"DJANGO_SUPERUSER_USERNAME": "admin", "DJANGO_SUPERUSER_PASSWORD": STRONG}
    create_logins(monkeypatch, **variables)

    out = create_logins(monkeypatch, **{**variables, "DJANGO_SUPERUSER_PASSWORD": "other-pw-9x!"})

    assert "Superuser admin: exists already, left as it is." in out
    assert User.objects.filter(username="admin").count() == 1
    assert logs_in("admin", STRONG)


def test_an_existing_account_gets_the_editor_role_without_a_password(db, monkeypatch):
    User.objects.create_user("mina", password=STRONG)

    out = create_logins(monkeypatch, DJANGO_EDITOR_USERNAME="mina")

    assert "Editor mina: exists already (password unchanged), with the editor role." in out
    assert User.objects.get(username="mina").groups.filter(name="editor").exists()
    assert logs_in("mina", STRONG)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({}, "Nothing to create: set DJANGO_SUPERUSER_USERNAME"),
        ({"DJANGO_SUPERUSER_USERNAME": "admin"}, "Set DJANGO_SUPERUSER_PASSWORD to create admin"),
        (
            {"DJANGO_SUPERUSER_USERNAME": "admin", "DJANGO_SUPERUSER_PASSWORD": "12345678"},
            "DJANGO_SUPERUSER_PASSWORD is not accepted",
        ),
        (
            {"DJANGO_EDITOR_USERNAME": "mina", "DJANGO_EDITOR_PASSWORD": "mina"},
            "DJANGO_EDITOR_PASSWORD is not accepted",
        ),
    ],
)
def test_missing_or_weak_passwords_stop_with_one_clear_line(db, monkeypatch, variables, message):
    with pytest.raises(CommandError, match=message):
        create_logins(monkeypatch, **variables)

    assert not User.objects.exists()


def test_a_refused_editor_undoes_the_superuser_of_the_same_run(db, monkeypatch):
    with pytest.raises(CommandError, match="DJANGO_EDITOR_PASSWORD"):
        create_logins(
            monkeypatch,
            DJANGO_SUPERUSER_USERNAME="admin",
            DJANGO_SUPERUSER_PASSWORD=STRONG,
            DJANGO_EDITOR_USERNAME="mina",
        )

    assert not User.objects.exists()
