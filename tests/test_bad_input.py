"""Random requests at every URL pattern: never a server error, always a sensible answer."""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ANCHORS = re.compile(r"^\^|(?:\\Z|\$)$")


def path_regexes(patterns, prefix=""):
    """One regex per URL pattern, matching the whole path (the language prefix optional)."""
    for pattern in patterns:
        if isinstance(pattern.pattern, LocalePrefixPattern):
            piece = "(?:en/)?"
        else:
            piece = ANCHORS.sub("", pattern.pattern.regex.pattern)
        if isinstance(pattern, URLResolver):
            yield from path_regexes(pattern.url_patterns, prefix + piece)
        else:
            yield f"/{prefix}{piece}"


URL_PATTERNS = sorted(set(path_regexes(get_resolver().url_patterns)))
ADMIN = f"/{django_settings.ADMIN_URL}"
ADMIN_PATTERNS = [regex for regex in URL_PATTERNS if regex.startswith(ADMIN)]
PUBLIC_PATTERNS = [regex for regex in URL_PATTERNS if regex not in ADMIN_PATTERNS]

header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=200)
overlong = st.builds(
    lambda text, times: text * times, st.text(min_size=1, max_size=4), st.integers(500, 3000)
)

paths = st.one_of(
    st.sampled_from(PUBLIC_PATTERNS).flatmap(lambda regex: st.from_regex(regex, fullmatch=True)),
    st.sampled_from(ADMIN_PATTERNS).flatmap(lambda regex: st.from_regex(regex, fullmatch=True)),
    st.text(max_size=60).map(lambda text: "/" + text),
    overlong.map(lambda text: "/" + text),
    st.sampled_from(["/404/", "/en/4xx/", "/", "/static/css/site.css"]),
)
methods = st.one_of(
    st.sampled_from(["GET", "HEAD"]),
    st.sampled_from(["POST", "PUT", "PATCH", "DELETE", "TRACE", "OPTIONS", "CONNECT", "PROPFIND"]),
    st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True),
)
query_strings = st.one_of(st.just(""), header_text, overlong)
optional_header = st.one_of(st.none(), header_text, overlong)


@pytest.fixture
def clients(sample_codes, admin_user):
    anonymous = Client(enforce_csrf_checks=True)
    editor = Client(enforce_csrf_checks=True)
    editor.force_login(admin_user)
    return {False: anonymous, True: editor}


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    path=paths,
    method=methods,
    query=query_strings,
    accept_language=optional_header,
    if_none_match=optional_header,
    logged_in=st.booleans(),
)
def test_random_requests_never_fail(
    clients, path, method, query, accept_language, if_none_match, logged_in
):
    client = clients[logged_in]
    headers = {}
    if accept_language is not None:
        headers["accept-language"] = accept_language
    if if_none_match is not None:
        headers["if-none-match"] = if_none_match
    url = f"{path}?{query}" if query else path

    response = client.generic(method, url, headers=headers)

    assert response.status_code < 500
    body = b"".join(response) if response.streaming else response.content
    assert b"Traceback" not in body
    if response.status_code == 405:
        assert response.has_header("Allow")
    if method == "HEAD":
        assert body == b""
        assert client.get(url, headers=headers).status_code == response.status_code


PAGES = ["/", "/4xx/", "/404/", "/en/", "/en/4xx/", "/en/404/"]


@pytest.mark.parametrize("path", PAGES)
def test_head_answers_like_get_without_a_body(client, sample_codes, path):
    get = client.get(path)
    head = client.head(path)

    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
    assert head["ETag"] == get["ETag"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options", "trace"])
@pytest.mark.parametrize("path", [*PAGES, "/search/?q=x", "/api/statuses/404/", "/robots.txt"])
def test_other_methods_answer_405_with_allow(sample_codes, path, method):
    client = Client(enforce_csrf_checks=True)  # checks CSRF, as the real server does

    response = getattr(client, method)(path)

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    "path", ["/404/%00/", "/search/?q=%00", f"{ADMIN}statuses/statuscode/?registry_status=%00"]
)
def test_nul_characters_in_the_url_answer_400(admin_client, sample_codes, path):
    # PostgreSQL rejects NUL in text: without the guard, the admin filter is a server error.
    assert admin_client.get(path).status_code == 400


def test_nul_character_in_a_cookie_answers_400(client, db):
    client.cookies["sessionid"] = "abcdefgh\x00ijk"  # sent as the octal escape \000

    assert client.get(reverse("admin:index")).status_code == 400


@pytest.mark.parametrize(
    "path",
    [
        f"{ADMIN}statuses/statuscode/:/history/",
        f"{ADMIN}statuses/statuscode/404/history/x/",
        f"{ADMIN}statuses/codecomparison/99999999999999999999999/history/",
    ],
)
def test_malformed_keys_in_history_urls_answer_404(admin_client, sample_codes, path):
    assert admin_client.get(path).status_code == 404
