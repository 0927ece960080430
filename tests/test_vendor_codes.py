"""IIS sub-status codes and Cloudflare error numbers: on their status's page, found by search."""

import re

import pytest
from django.urls import reverse

from statuses.models import VendorUsage

SEARCH = reverse("statuses:search")

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("1020", 403),
        ("403.14", 403),
        ("500.19", 500),
        ("404.3", 404),
        ("1015", 429),
        ("502.5", 502),
    ],
)
def test_a_vendor_error_code_finds_its_status(client, db, real_content, query, code):
    response = client.get(SEARCH, {"q": query})

    assert response.status_code == 200
    assert code in [status.code for status in response.context["results"]]


def test_the_status_page_lists_its_vendor_error_codes_with_sources(client, real_content):
    html = client.get(reverse("statuses:detail", kwargs={"code": 403})).content.decode()

    assert "403.14" in html and "Directory listing denied" in html
    assert "1020" in html and "Access denied" in html
    source = VendorUsage.objects.get(code=403, vendor="Cloudflare", vendor_code="1020").source_url
    assert f'href="{source}"' in html


def test_vendor_error_codes_are_kept_apart_from_unofficial_meanings(client, real_content):
    html = client.get(reverse("statuses:detail", kwargs={"code": 530})).content.decode()

    codes_at = html.index('id="vendor-codes-title"')
    meanings_at = html.index('id="vendors-title"')

    def section(start):
        return html[start : min([at for at in (codes_at, meanings_at) if at > start] or [None])]

    # Cloudflare's 1016 rides on 530; Pantheon gives 530 itself a meaning.
    assert "1016" in section(codes_at)
    assert "Pantheon" in section(meanings_at) and "Cloudflare 1016" not in section(meanings_at)


def test_the_api_carries_the_vendor_code(client, real_content):
    data = client.get(reverse("statuses:api-detail", kwargs={"code": 500})).json()

    assert {"vendor": "Microsoft IIS", "vendor_code": "500.19"}.items() <= next(
        usage for usage in data["vendor_usages"] if usage["vendor_code"] == "500.19"
    ).items()


def test_the_page_shows_the_current_python_name(client, real_content):
    html = client.get(reverse("statuses:detail", kwargs={"code": 413})).content.decode()

    # Each may wrap after a . or _ only (<wbr>), never inside a word.
    assert "<code>HTTPStatus.<wbr>CONTENT_<wbr>TOO_<wbr>LARGE</code>" in html
    assert "<code>REQUEST_<wbr>ENTITY_<wbr>TOO_<wbr>LARGE</code>" in html


def test_every_code_page_says_when_the_registry_was_checked(client, real_content):
    html = client.get(reverse("statuses:detail", kwargs={"code": 104})).content.decode()

    assert '<time datetime="2026-12-02">' in html


def test_sub_statuses_are_listed_in_numeric_order(client, real_content):
    html = client.get(reverse("statuses:detail", kwargs={"code": 404})).content.decode()
    listed = re.findall(
        r'<li id="microsoft-iis-\d+">\s*<h3>Microsoft IIS <span class="code-number">([\d.]+)<', html
    )

    # As numbers: 404.3 before 404.11 (as text, "404.11" < "404.3").
    assert listed == ["404.0", "404.3", "404.4", "404.7", "404.11", "404.13", "404.15"]
    api = client.get(reverse("statuses:api-detail", kwargs={"code": 404})).json()
    assert [u["vendor_code"] for u in api["vendor_usages"] if u["vendor_code"]] == listed
