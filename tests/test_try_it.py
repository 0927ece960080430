import pytest
from django.urls import reverse


def try_url(code):
    return reverse("try", args=[code])


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
def test_answers_the_real_status_for_any_method(client, sample_codes, method):
    response = getattr(client, method)(try_url(404))

    assert response.status_code == 404
    assert "404 Not Found" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("code", [301, 302, 303, 307, 308])
def test_redirects_point_to_our_own_page(client, status_classes, code):
    response = client.get(try_url(code), {"next": "https://evil.example"})

    assert response.status_code == code
    assert response["Location"] == f"https://status.example/{code}/"


@pytest.mark.parametrize(
    ("code", "header"),
    [
        (401, "WWW-Authenticate"),
        (405, "Allow"),
        (407, "Proxy-Authenticate"),
        (416, "Content-Range"),
        (426, "Upgrade"),
        (429, "Retry-After"),
        (503, "Retry-After"),
    ],
)
def test_required_header_fields_are_sent(client, status_classes, code, header):
    response = client.get(try_url(code))

    assert response.status_code == code
    assert response.has_header(header)


@pytest.mark.parametrize("code", [204, 205, 304])
def test_no_body_where_the_status_forbids_one(client, status_classes, code):
    response = client.get(try_url(code))

    assert response.status_code == code
    assert response.content == b""


def test_json_when_the_client_asks_for_it(client, sample_codes):
    response = client.get(try_url(404), headers={"Accept": "application/json"})

    assert response.json()["status"] == 404
    assert response.json()["url"] == "https://status.example/404/"


def test_interim_codes_answer_400_with_an_explanation(client, status_classes):
    response = client.get(try_url(100))

    assert response.status_code == 400
    assert "100" in response.content.decode()


def test_unassigned_numbers_are_answered_but_not_pretended(client, status_classes):
    response = client.get(try_url(419))

    assert response.status_code == 419
    assert "Unassigned" in response.content.decode()


def test_unregistered_codes_say_so(client, sample_codes):
    response = client.get(try_url(499))

    assert response.status_code == 499
    assert "IANA" in response.content.decode()


@pytest.mark.parametrize("code", [99, 600, 1000])
def test_outside_100_to_599_is_404(client, status_classes, code):
    assert client.get(try_url(code)).status_code == 404


def test_detail_page_shows_the_curl_line(client, sample_codes):
    html = client.get(reverse("statuses:detail", args=[404])).content.decode()

    assert "curl -i https://status.example/try/404/" in html
