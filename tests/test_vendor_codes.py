"""IIS sub-status codes and Cloudflare error numbers: on their status's page, found by search."""

import json
import re

import pytest
from django.conf import settings
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


# The English words a number may be written as: "30 August 2018" holds the 8 of "2018년 8월", and
# "third-party" the 3 of "제3자".
NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "first": "1", "second": "2", "third": "3",
    "january": "1", "february": "2", "march": "3",
    "april": "4", "may": "5", "june": "6", "july": "7", "august": "8", "september": "9",
    "october": "10", "november": "11", "december": "12",
}  # fmt: skip


def stated_facts(text):
    """The numbers, code spans and links of a text: what a translation must not add."""
    code = set(re.findall(r"`([^`]+)`", text))
    links = set(re.findall(r"\]\((https?://[^)]+)\)", text))
    plain = re.sub(r"`[^`]*`|\]\([^)]*\)", " ", text)
    digits = re.findall(r"(?<![A-Za-z\d.,])\d[\d,]*(?:\.\d+)?", plain)
    numbers = {number.replace(",", "") for number in digits}
    words = {NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", plain.lower()) if w in NUMBER_WORDS}
    return code | links | numbers | words


def test_a_vendor_rows_korean_adds_no_fact_its_english_lacks():
    path = settings.FIXTURE_DIR / "vendor_usages.json"
    added = []
    for row in json.loads(path.read_text(encoding="utf-8")):
        fields = row["fields"]
        extra = stated_facts(fields["description_ko"]) - stated_facts(fields["description_en"])
        if extra:
            added.append(f"{fields['code']} {fields['vendor']} {fields['vendor_code']}: {extra}")
    assert added == []


def test_sub_statuses_are_listed_in_numeric_order(client, real_content):
    html = client.get(reverse("statuses:detail", kwargs={"code": 404})).content.decode()
    listed = re.findall(
        r'<li id="microsoft-iis-\d+">\s*<h3>Microsoft IIS <span class="code-number">([\d.]+)<', html
    )

    # As numbers: 404.3 before 404.11 (as text, "404.11" < "404.3").
    assert listed == ["404.0", "404.3", "404.4", "404.7", "404.11", "404.13", "404.15"]
    api = client.get(reverse("statuses:api-detail", kwargs={"code": 404})).json()
    assert [u["vendor_code"] for u in api["vendor_usages"] if u["vendor_code"]] == listed
