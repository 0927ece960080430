import pytest
from django.urls import reverse

from statuses.models import FOLLOWED_REDIRECTS, WITHOUT_CONTENT

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def try_url(code):
    return reverse("try", args=[code])


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
def test_answers_the_real_status_for_any_method(client, sample_codes, method):
    response = getattr(client, method)(try_url(404))

    assert response.status_code == 404
    assert "404 Not Found" in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("code", sorted(FOLLOWED_REDIRECTS))
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


@pytest.mark.parametrize("code", sorted(WITHOUT_CONTENT))
def test_no_body_where_the_status_forbids_one(client, status_classes, code):
    response = client.get(try_url(code))

    assert response.status_code == code
    assert response.content == b""


def test_json_when_the_client_asks_for_it(client, sample_codes):
    response = client.get(try_url(404), headers={"Accept": "application/json"})

    assert response.json()["status"] == 404
    assert response.json()["url"] == "https://status.example/404/"


@pytest.mark.parametrize(
    ("accept", "content_type"),
    [
        ("*/*", "text/plain; charset=utf-8"),
        ("application/json", "application/json"),
        (BROWSER_ACCEPT, "text/html; charset=utf-8"),
    ],
)
def test_interim_codes_answer_400_with_an_explanation(client, sample_codes, accept, content_type):
    from .conftest import make_code

    make_code(100, iana_description="Continue")
    response = client.get("/en/try/100/", HTTP_ACCEPT=accept)

    assert response.status_code == 400
    assert response["Content-Type"] == content_type
    assert "100 is an interim (1xx) status" in response.content.decode()


def test_the_interim_code_page_says_what_its_address_answers(client, sample_codes):
    from .conftest import make_code

    make_code(103, iana_description="Early Hints")
    html = client.get("/en/103/").content.decode()
    answered = client.get("/en/try/103/").status_code

    assert f"Its address answers {answered} Bad Request instead of 103" in html
    assert "curl -i https://status.example/en/try/103/" in html
    assert "a real 103" not in html
    assert 'class="try-link"' not in html  # nothing to open: no browser would show a 1xx


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


@pytest.mark.parametrize(
    ("prefix", "language_text"), [("", "함께 보낸 헤더 필드"), ("/en", "sent")]
)
def test_a_browser_gets_a_small_html_page_in_the_page_language(
    client, sample_codes, prefix, language_text
):
    response = client.get(f"{prefix}/try/404/", HTTP_ACCEPT=BROWSER_ACCEPT)

    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<h1><span class="code-number">404</span> Not Found</h1>' in html
    assert language_text in html
    assert f'href="https://status.example{prefix}/404/"' in html  # the link back


def test_the_html_page_lists_the_header_fields_sent(client, status_classes):
    response = client.get("/try/429/", HTTP_ACCEPT=BROWSER_ACCEPT)

    html = response.content.decode()
    assert response["Retry-After"] == "120"
    assert "<dt><code>Retry-After</code></dt><dd><code>120</code></dd>" in html


def test_curl_still_gets_plain_text(client, sample_codes):
    response = client.get("/en/try/404/", HTTP_ACCEPT="*/*")

    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().startswith("404 Not Found")


@pytest.mark.parametrize("code", [401, 407])
def test_the_detail_page_warns_before_opening_a_login_prompt(client, status_classes, code):
    from .conftest import make_code

    make_code(code)
    html = client.get(reverse("statuses:detail", args=[code])).content.decode()

    assert 'id="try-warning"' in html
    assert f'href="/try/{code}/" aria-describedby="try-warning"' in html


@pytest.mark.parametrize(
    ("code", "says"),
    [
        (204, "a browser that gets 204 for a page keeps showing the page it was on"),
        (304, "keeps showing the page it was on"),
        (301, "you land back on this page"),
    ],
)
def test_the_detail_page_says_what_a_browser_will_do(client, status_classes, code, says):
    from .conftest import make_code

    make_code(code)
    html = client.get(f"/en/{code}/").content.decode()

    assert says in html
    assert f"curl -i https://status.example/en/try/{code}/" in html
    assert f'href="/en/try/{code}/" aria-describedby="try-warning"' in html


def test_the_html_page_links_to_its_other_language(client, sample_codes):
    korean = client.get("/try/404/", HTTP_ACCEPT=BROWSER_ACCEPT).content.decode()
    english = client.get("/en/try/404/", HTTP_ACCEPT=BROWSER_ACCEPT).content.decode()

    assert '<a href="/en/try/404/" hreflang="en" lang="en">English</a>' in korean
    assert '<a href="/try/404/" hreflang="ko" lang="ko">한국어</a>' in english


def test_json_answers_in_utf8(client, sample_codes):
    response = client.get("/try/404/", HTTP_ACCEPT="application/json")

    assert "요청한 리소스를 찾을 수 없습니다.".encode() in response.content


def test_no_warning_where_no_prompt_opens(client, sample_codes):
    html = client.get(reverse("statuses:detail", args=[404])).content.decode()

    assert 'href="/try/404/"' in html and "try-warning" not in html
