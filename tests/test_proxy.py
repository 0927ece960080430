"""Behind a proxy: login throttling per client, not per proxy; the header trusted only when the
environment says how many proxies are in front."""

import pytest
from django.test import Client
from django.urls import reverse

from statuses.http.client_address import client_ip

PASSWORD = "right-password-123"
PROXY = "10.0.0.2"  # every request reaches the app from the proxy's address


@pytest.fixture
def login(db, django_user_model):
    django_user_model.objects.create_superuser("editor", password=PASSWORD)
    url = reverse("admin:login")

    def attempt(client_address, password, forwarded_for=None):
        forwarded_for = forwarded_for or client_address
        form = Client().get(url).context["form"]
        data = {name: form[name].value() or "" for name in form.fields}
        data.update(username="editor", password=password)
        return Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": forwarded_for}).post(url, data)

    return attempt


def test_a_lockout_of_one_client_behind_the_proxy_does_not_lock_another(login, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    answers = [login("203.0.113.9", "wrong").status_code for _ in range(5)]

    assert answers == [200, 200, 200, 200, 429]
    assert login("203.0.113.9", PASSWORD).status_code == 429
    assert login("198.51.100.4", PASSWORD).status_code == 302


def test_addresses_a_client_puts_before_the_proxys_do_not_count(login, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for guess in range(5):
        login("203.0.113.9", "wrong", forwarded_for=f"192.0.2.{guess}, 203.0.113.9")

    assert (
        login("203.0.113.9", PASSWORD, forwarded_for="192.0.2.99, 203.0.113.9").status_code == 429
    )


def test_without_a_trusted_proxy_count_the_header_is_ignored(login, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    answers = [login(f"192.0.2.{guess}", "wrong").status_code for guess in range(5)]

    assert answers == [200, 200, 200, 200, 429]  # all from the proxy's own address


@pytest.mark.parametrize(
    ("count", "forwarded_for", "expected"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (2, "192.0.2.1, 203.0.113.9, 10.0.0.1", "203.0.113.9"),
        (2, "203.0.113.9", PROXY),  # fewer addresses than proxies: not through them all
        (1, "not-an-address", PROXY),
        (1, "", PROXY),
        (1, "2001:DB8::1", "2001:db8::1"),
    ],
)
def test_client_address(rf, settings, count, forwarded_for, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)

    assert client_ip(request) == expected
