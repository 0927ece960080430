"""Random requests at every URL pattern: never a server error, always a sensible answer."""

import re
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse
from django.urls.converters import SlugConverter
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from statuses.converters import ClassDigitConverter, StatusCodeConverter, SubStatusConverter

pytestmark = pytest.mark.database

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

# Numbers as a visitor might write them: far beyond 64 bits, longer than Python converts to int
# (4,300 digits), signed, with leading zeros, in the digits of every script, or any text at all.
# Three kinds of Unicode digit matter: decimal digits (٤٠٤, ４０４: int() reads them), other
# digits (⁴, ④: str.isdigit() is true, int() fails) and other numerals (Ⅳ, ½, 四).
CHARACTERS = [chr(point) for point in range(0x110000) if chr(point).isnumeric()]
DECIMAL_DIGITS = [character for character in CHARACTERS if character.isdecimal()]
OTHER_DIGITS = [c for c in CHARACTERS if c.isdigit() and not c.isdecimal()]
OTHER_NUMERALS = [character for character in CHARACTERS if not character.isdigit()]
unicode_digits = st.one_of(
    *(
        st.text(st.sampled_from(kind), min_size=1, max_size=6)
        for kind in (DECIMAL_DIGITS, OTHER_DIGITS, OTHER_NUMERALS, CHARACTERS)
    )
)
numbers = st.one_of(
    st.integers(min_value=-(10**80), max_value=10**80).map(str),
    st.integers(min_value=2**64).map(str),
    st.from_regex(r"[0-9]{20,5000}", fullmatch=True),
    st.tuples(st.sampled_from(["0", "00", "+", "-", " ", "0x"]), st.integers(0, 999)).map(
        lambda parts: f"{parts[0]}{parts[1]}"
    ),
    unicode_digits,
    st.text(max_size=20),
)
# Any text as an HTTP client sends it: UTF-8, percent-encoded, or bytes that are not UTF-8.
any_text = st.one_of(st.text(max_size=40), unicode_digits, numbers, st.binary(max_size=20))


def percent_encoded(value):
    return quote(value, safe="") if isinstance(value, bytes) else quote(value.encode(), safe="")


def as_header(value):
    """A header value as WSGI hands it over: the bytes received, decoded as Latin-1."""
    data = value if isinstance(value, bytes) else value.encode()
    return data.replace(b"\r", b"").replace(b"\n", b"").decode("latin-1")


GROUP = re.compile(r"\((?!\?:)(?:\?P<\w+>)?[^()]*\)")


def paths_for(regex):
    """Paths matching a URL pattern, its parameters (code, digit, object id, ...) replaced by
    anything a visitor could put there, or by what the pattern itself accepts."""
    parts = GROUP.split(regex)
    groups = GROUP.findall(regex)
    strategies = [st.from_regex(parts[0], fullmatch=True)]
    for group, literal in zip(groups, parts[1:], strict=True):
        strategies.append(
            st.one_of(st.from_regex(group, fullmatch=True), any_text.map(percent_encoded))
        )
        strategies.append(st.from_regex(literal, fullmatch=True) if literal else st.just(""))
    return st.tuples(*strategies).map("".join)


header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=200)
overlong = st.builds(
    lambda text, times: text * times, st.text(min_size=1, max_size=4), st.integers(500, 3000)
)

paths = st.one_of(
    st.sampled_from(PUBLIC_PATTERNS).flatmap(paths_for),
    st.sampled_from(ADMIN_PATTERNS).flatmap(paths_for),
    st.text(max_size=60).map(lambda text: "/" + text),
    overlong.map(lambda text: "/" + text),
    st.sampled_from(["/404/", "/en/4xx/", "/", "/static/css/site.css", "/favicon.ico"]),
)
methods = st.one_of(
    st.sampled_from(["GET", "HEAD"]),
    st.sampled_from(["POST", "PUT", "PATCH", "DELETE", "TRACE", "OPTIONS", "CONNECT", "PROPFIND"]),
    st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True),
)
# The parameters the views read (q, lang), others, repeated ones, any values.
query_parameters = st.lists(
    st.tuples(st.one_of(st.sampled_from(["q", "lang", "page"]), any_text), any_text),
    max_size=4,
).map(lambda pairs: "&".join(f"{percent_encoded(k)}={percent_encoded(v)}" for k, v in pairs))
query_strings = st.one_of(st.just(""), query_parameters, header_text, overlong)
header_values = st.one_of(header_text, overlong.map(as_header), any_text.map(as_header))
http_dates = st.builds(
    "{}, {:02d} Nov {} 08:49:37 GMT".format,
    st.sampled_from(["Sun", "Mon"]),
    st.integers(0, 99),
    numbers,
)
hosts = st.builds(
    lambda port: f"testserver:{as_header(port)}" if port is not None else "testserver",
    st.one_of(st.none(), numbers),
)
headers = st.fixed_dictionaries(
    {},
    optional={
        "accept-language": header_values,
        "accept": header_values,
        "if-none-match": header_values,
        "if-modified-since": st.one_of(header_values, http_dates.map(as_header)),
        "cookie": header_values,
        "host": hosts,
    },
)


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
@given(path=paths, method=methods, query=query_strings, headers=headers, logged_in=st.booleans())
def test_random_requests_never_fail(clients, path, method, query, headers, logged_in):
    client = clients[logged_in]
    url = f"{path}?{query}" if query else path

    response = client.generic(method, url, headers=headers)

    assert response.status_code < 500
    body = b"".join(response) if response.streaming else response.content
    assert b"Traceback" not in body
    if response.status_code == 405:
        assert response.has_header("Allow")
    if response.status_code == 400 and method != "HEAD":
        assert body.strip()  # says what was wrong
    if method == "HEAD":
        assert body == b""
        assert client.get(url, headers=headers).status_code == response.status_code


def public_urls(patterns=None, namespace=""):
    """One URL for every public named pattern (admin and try-it aside), in both languages."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.app_name != "admin":
                yield from public_urls(pattern.url_patterns, inner)
        elif pattern.name and pattern.name != "try":
            samples = {
                StatusCodeConverter: 404,
                ClassDigitConverter: 4,
                SubStatusConverter: "13",
                SlugConverter: "redirects",
            }
            kwargs = {
                key: samples[type(converter)]
                for key, converter in pattern.pattern.converters.items()
            }
            for language in ("ko", "en"):
                with translation.override(language):
                    yield reverse(f"{namespace}{pattern.name}", kwargs=kwargs)


PUBLIC_URLS = sorted(set(public_urls()))


@pytest.mark.parametrize("path", PUBLIC_URLS)
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    parameters=st.lists(
        st.tuples(st.sampled_from(["q", "lang"]), any_text), min_size=1, max_size=2
    ),
)
def test_query_parameters_the_views_read_never_fail(client, sample_codes, path, parameters):
    query = "&".join(f"{key}={percent_encoded(value)}" for key, value in parameters)

    response = client.get(f"{path}?{query}")

    assert response.status_code < 500
    if response.status_code == 400:
        assert response.content.strip()


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
@pytest.mark.parametrize("path", PUBLIC_URLS)
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


@pytest.mark.parametrize("path", ["/0", "/404/", "/search/"])
def test_a_query_string_with_too_many_fields_answers_400(client, sample_codes, path):
    # Found by test_random_requests_never_fail: "/0?" and 1,000 "&" failed in the 404 page.
    response = client.get(f"{path}?" + "&" * 1000)

    assert response.status_code == 400
    assert response.content.strip()


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
