"""One URL per thing: a number has one spelling in every URL, and the icon has its address."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PLACEHOLDER = 123

# Every URL that takes a number, by how it answers a number in its canonical spelling.
NUMBER_URLS = [
    ("statuses:detail", "code", "/en"),
    ("statuses:api-detail", "code", "/en"),
    ("try", "code", ""),
    ("statuses:class", "digit", "/en"),
    ("statuses:api-class", "digit", "/en"),
]


def url_with(name, kwarg, spelling, prefix=""):
    path = reverse(name, kwargs={kwarg: PLACEHOLDER})
    return prefix + path.replace(str(PLACEHOLDER), spelling, 1)


def all_number_urls(spelling):
    for name, kwarg, other_language in NUMBER_URLS:
        for prefix in {"", other_language}:
            yield url_with(name, kwarg, spelling, prefix)


NOT_404 = ["0404", "00404", "+404", "-404", "404.0", "4_04", "٤٠٤", "４０４", "⁴⁰⁴", "④⓪④"]
NOT_4 = ["04", "+4", "٤", "４", "⁴", "④", "Ⅳ", "四"]
HUGE = ["9" * 30, str(2**64 + 404), "4" * 5000]


@pytest.mark.parametrize("spelling", NOT_404 + NOT_4 + HUGE)
def test_other_spellings_of_a_number_are_not_found(client, sample_codes, spelling):
    for url in all_number_urls(spelling):
        assert client.get(url).status_code == 404, url


def test_the_canonical_spelling_answers(client, sample_codes):
    assert client.get(url_with("statuses:detail", "code", "404")).status_code == 200
    assert client.get(url_with("statuses:api-detail", "code", "404")).status_code == 200
    assert client.get(url_with("try", "code", "404")).status_code == 404
    assert client.get(url_with("try", "code", "418")).status_code == 418
    assert client.get(url_with("statuses:class", "digit", "4")).status_code == 200
    assert client.get(url_with("statuses:api-class", "digit", "4")).status_code == 200


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    number=st.one_of(st.integers(-1000, 1000), st.integers(min_value=2**63)),
    zeros=st.integers(0, 2),
    which=st.sampled_from(NUMBER_URLS),
)
def test_a_number_is_found_only_in_its_canonical_spelling(
    client, sample_codes, number, zeros, which
):
    name, kwarg, _ = which
    spelling = "0" * zeros + str(number)
    documented = set(sample_codes) if kwarg == "code" else {1, 2, 3, 4, 5}
    if name == "try":
        documented = set(range(100, 600))

    status = client.get(url_with(name, kwarg, spelling)).status_code

    if zeros == 0 and number in documented:
        assert status != 404 or (name == "try" and number == 404)
    else:
        assert status == 404


def test_the_404_page_does_not_read_a_zero_padded_number_as_a_code(client, sample_codes):
    html = client.get("/0404/").content.decode()

    assert "is not a status code we document" not in html


def test_favicon_redirects_permanently_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"] == "image/svg+xml"
    assert b"<svg" in b"".join(icon.streaming_content)
