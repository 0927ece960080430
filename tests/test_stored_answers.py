"""The WSGI layer in front of Django (statuses/caching/wsgi.py) answers a request it has seen
Django answer from a stored page, exactly as Django answered it, and sends everything else on."""

import itertools
from dataclasses import dataclass

import pytest
from django.core.cache import caches
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import reverse

from statuses.caching.wsgi import StoredPagesApplication

PAGES = [
    reverse("statuses:detail", args=[404]),
    "/en/",
    "/search/?q=found",
    "/api/statuses/404/?lang=en",
]
ENCODINGS = [None, "gzip", "br"]


@dataclass
class Answer:
    status: str
    headers: list
    body: bytes

    def __getitem__(self, name):
        return dict(self.headers)[name]


class Site:
    """The site's WSGI application as config/wsgi.py builds it, counting the requests that reach
    Django. Built in the test, so Django's middleware reads the test's settings."""

    def __init__(self, wrap=None):
        self.django = WSGIHandler()
        self.reached_django = []

        def django(environ, start_response):
            self.reached_django.append(environ["PATH_INFO"])
            return self.django(environ, wrap(start_response) if wrap else start_response)

        self.application = StoredPagesApplication(django)

    def get(self, path, method="GET", secure=False, application=None, **headers):
        path, _, query = path.partition("?")
        environ = RequestFactory().generic(method, path, secure=secure, headers=headers).environ
        environ["QUERY_STRING"] = query
        answered = {}

        def start_response(status, headers, exc_info=None):
            answered["status"], answered["headers"] = status, list(headers)

        result = (application or self.application)(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            getattr(result, "close", lambda: None)()
        return Answer(answered["status"], answered["headers"], body)

    def get_from_django(self, path, **kwargs):
        """The answer of Django's own handler, the layer left out."""
        return self.get(path, application=self.django, **kwargs)


@pytest.fixture
def make_site():
    # As Django's test client does: the test's transaction keeps its connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield Site
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def site(make_site):
    return make_site()


def encoded(encoding):
    return {"accept_encoding": encoding} if encoding else {}


@pytest.mark.parametrize("path", PAGES)
def test_a_repeated_request_is_answered_without_django_or_the_database(
    site, sample_codes, path, django_assert_num_queries
):
    for encoding in ENCODINGS:
        first = site.get(path, **encoded(encoding))

        with django_assert_num_queries(0):
            again = [site.get(path, **encoded(encoding)) for _ in range(3)]

        assert first.status == "200 OK"
        assert again == [first] * 3
    assert len(site.reached_django) == len(ENCODINGS)


@pytest.mark.parametrize("path", PAGES)
def test_stored_answers_are_the_answers_django_gives(site, sample_codes, path):
    for encoding, method, condition in itertools.product(
        ENCODINGS, ["GET", "HEAD"], [None, "if_none_match", "if_modified_since"]
    ):
        case = (encoding, method, condition)
        headers = encoded(encoding)
        if condition:
            page = site.get_from_django(path, **headers)
            headers[condition] = page["ETag" if condition == "if_none_match" else "Last-Modified"]
        site.reached_django.clear()

        recorded = site.get(path, method=method, **headers)
        replayed = site.get(path, method=method, **headers)
        django = site.get_from_django(path, method=method, **headers)

        # At most the first: HEAD and GET share their answers, and so do the 304s of both
        # conditions.
        assert len(site.reached_django) <= 1, case
        assert replayed.status == recorded.status == django.status, case
        assert replayed.headers == recorded.headers == django.headers, case
        if method == "HEAD" or condition:
            assert replayed.body == b"", case
        else:
            assert replayed.body == django.body, case


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_a_revalidation_gets_304_only_for_the_variant_it_holds(site, sample_codes, encoding):
    path = reverse("statuses:detail", args=[404])
    etags = {other: site.get(path, **encoded(other))["ETag"] for other in ENCODINGS}
    stored = site.get(path, **encoded(encoding))

    answers = {
        other: site.get(path, if_none_match=etag, **encoded(encoding))
        for other, etag in {**etags, "old": '"an-old-page"'}.items()
    }

    assert answers.pop(encoding).status == "304 Not Modified"
    for other, answer in answers.items():
        assert (answer.status, answer.body, answer["ETag"]) == (
            "200 OK",
            stored.body,
            etags[encoding],
        ), other


def test_an_edit_is_answered_at_once(site, sample_codes):
    path = reverse("statuses:detail", args=[404])
    before = site.get(path)

    sample_codes[404].summary_ko = "앞단 층을 지나 바로 보이는 요약"
    sample_codes[404].save()
    after = site.get(path)

    assert "앞단 층을 지나 바로 보이는 요약" in after.body.decode()
    assert after["ETag"] != before["ETag"]
    assert len(site.reached_django) == 2


def test_parameters_the_page_does_not_read_reach_django_and_add_no_answers(site, sample_codes):
    path = reverse("statuses:detail", args=[404])
    canonical = site.get(path)
    size = caches["pages"].size

    busted = [site.get(f"{path}?utm_source=mail&cb={n}") for n in range(5)]

    assert {answer.body for answer in busted} == {canonical.body}
    assert len(site.reached_django) == 6
    assert caches["pages"].size == size


@pytest.mark.parametrize("secure", [False, True])
def test_hsts_goes_with_https_answers_only(settings, sample_codes, make_site, secure):
    settings.SECURE_HSTS_SECONDS = 3600
    site = make_site()
    path = reverse("statuses:detail", args=[404])
    site.get(path, secure=not secure)  # the other scheme's answer is stored too

    recorded, replayed = site.get(path, secure=secure), site.get(path, secure=secure)

    assert replayed == recorded
    assert ("Strict-Transport-Security" in dict(replayed.headers)) == secure
    assert len(site.reached_django) == 2


def test_the_https_redirect_is_never_skipped(settings, sample_codes, make_site):
    settings.SECURE_SSL_REDIRECT = True
    site = make_site()
    path = reverse("statuses:detail", args=[404])
    site.get(path, secure=True)

    answers = [site.get(path), site.get(path)]

    assert [answer.status for answer in answers] == ["301 Moved Permanently"] * 2
    assert len(site.reached_django) == 3


def test_a_host_django_refuses_gets_its_400_after_the_page_was_stored(site, sample_codes):
    path = reverse("statuses:detail", args=[404])
    site.get(path)
    site.get(path)

    refused = site.get(path, host="attacker.example")

    assert refused.status == "400 Bad Request"
    assert len(site.reached_django) == 2


@pytest.mark.parametrize(
    "headers",
    [{"if_match": '"something"'}, {"if_unmodified_since": "Mon, 01 Jan 2024 00:00:00 GMT"}],
)
def test_preconditions_always_reach_django(site, sample_codes, headers):
    path = reverse("statuses:detail", args=[404])
    site.get(path)

    answers = [site.get(path, **headers) for _ in range(2)]

    assert [answer.status for answer in answers] == ["412 Precondition Failed"] * 2
    assert len(site.reached_django) == 3


def test_other_methods_reach_django(site, sample_codes):
    path = reverse("statuses:detail", args=[404])
    site.get(path)

    answers = [site.get(path, method=method) for method in ("POST", "PUT", "OPTIONS")]

    assert [answer.status for answer in answers] == ["405 Method Not Allowed"] * 3
    assert len(site.reached_django) == 4


def adding(header):
    def wrap(start_response):
        def add(status, headers, exc_info=None):
            return start_response(status, [*headers, header], exc_info)

        return add

    return wrap


@pytest.mark.parametrize(
    "header", [("Set-Cookie", "sessionid=someone; HttpOnly"), ("Cache-Control", "private")]
)
def test_an_answer_for_one_reader_is_never_replayed(sample_codes, make_site, header):
    site = make_site(wrap=adding(header))

    answers = [site.get(reverse("statuses:detail", args=[404])) for _ in range(3)]

    assert all(header in answer.headers for answer in answers)
    assert len(site.reached_django) == 3


def test_with_the_shared_cache_down_every_request_reaches_django(
    site, sample_codes, settings, tmp_path
):
    (tmp_path / "not-a-folder").write_text("")
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "not-a-folder" / "cache"),
        },
    }
    path = reverse("statuses:detail", args=[404])

    answers = [site.get(path) for _ in range(3)]

    assert [answer.status for answer in answers] == ["200 OK"] * 3
    assert len(site.reached_django) == 3


def test_a_body_changed_after_the_page_cache_is_never_replayed(sample_codes, make_site):
    site = make_site()
    handler = site.django

    def changing_the_body(environ, start_response):
        response = handler(environ, start_response)
        response.content = response.content.replace(b"</html>", b"<!-- changed --></html>")
        return response

    site.django = changing_the_body

    answers = [site.get(reverse("statuses:detail", args=[404])) for _ in range(3)]

    assert all(answer.body.endswith(b"<!-- changed --></html>\n") for answer in answers)
    assert len(site.reached_django) == 3


@pytest.mark.parametrize("path, language", [("/404/", "ko"), ("/en/404/", "en")])
def test_the_language_is_the_paths_whatever_the_browser_asks(site, sample_codes, path, language):
    browsers = [
        {},
        {"accept_language": "en-US,en;q=0.9"},
        {"accept_language": "ko", "cookie": "django_language=en"},
    ]
    site.get(path)

    replayed = [site.get(path, **headers) for headers in browsers]
    django = [site.get_from_django(path, **headers) for headers in browsers]

    assert replayed == django
    assert {answer["Content-Language"] for answer in replayed} == {language}
    assert all(f'<html lang="{language}"'.encode() in answer.body for answer in replayed)
    assert "Content-Security-Policy" in dict(replayed[0].headers)
    assert len(site.reached_django) == 1
