"""Every Django snippet shown on the site runs in a real view and sends the status it documents."""

import json
import types

import pytest
from django.conf import settings
from django.test import Client
from django.urls import path

from config import urls as site_urls
from statuses.models import WITHOUT_CONTENT

# Headers the specification requires (or strongly expects) with the status, which the snippet
# must therefore set; a sender of Upgrade must list "upgrade" in Connection too (RFC 9110, 7.8).
REQUIRED_HEADERS = {
    201: "Location",
    206: "Content-Range",
    301: "Location",
    302: "Location",
    303: "Location",
    307: "Location",
    308: "Location",
    401: "WWW-Authenticate",
    405: "Allow",
    407: "Proxy-Authenticate",
    416: "Content-Range",
    426: ("Upgrade", "Connection"),
    429: "Retry-After",
    503: "Retry-After",
}

# The request a snippet needs to show its status; GET with no extra headers otherwise.
REQUESTS = {
    201: ("post", {}),
    202: ("post", {}),
    204: ("delete", {}),
    205: ("post", {}),
    206: ("get", {"HTTP_RANGE": "bytes=0-3"}),
    226: ("get", {"HTTP_A_IM": "diffe", "HTTP_IF_NONE_MATCH": '"v1"'}),
    303: ("post", {}),
    304: ("get", {"HTTP_IF_NONE_MATCH": '"v1"'}),
    307: ("post", {}),
    308: ("post", {}),
    405: ("post", {}),
    406: ("get", {"HTTP_ACCEPT": "text/csv"}),
    409: ("delete", {}),
    411: ("put", {}),
    412: ("put", {"HTTP_IF_MATCH": '"v1"'}),
    413: ("post", {"CONTENT_LENGTH": "3000000"}),
    414: ("get", {"QUERY_STRING": "q=" + "x" * 3000}),
    415: ("post", {"CONTENT_TYPE": "text/plain"}),
    416: ("get", {"HTTP_RANGE": "bytes=100-199"}),
    417: ("post", {"HTTP_EXPECT": "x-priority-upload"}),
    422: ("post", {}),
    423: ("put", {}),
    425: ("post", {"HTTP_EARLY_DATA": "1"}),
    428: ("put", {}),
    431: ("get", {"HTTP_COOKIE": "tracking=" + "a" * 5000}),
    501: ("trace", {}),
    507: ("put", {"CONTENT_LENGTH": str(10**15)}),
}


def documented_snippets():
    for path_ in sorted(settings.FIXTURE_DIR.glob("codes_*.json")):
        for row in json.loads(path_.read_text(encoding="utf-8")):
            if row["fields"]["django_snippet"]:
                yield row["pk"], row["fields"]["django_snippet"]


def snippet_view(code, source):
    namespace = {"__name__": f"snippet_{code}"}
    exec(compile(source, f"<snippet for {code}>", "exec"), namespace)
    views = [
        value
        for value in namespace.values()
        if callable(value)
        and not isinstance(value, type)
        and getattr(value, "__module__", None) == namespace["__name__"]
    ]
    assert len(views) == 1, f"the snippet for {code} must define exactly one view"
    return views[0]


@pytest.fixture
def snippet_client(settings):
    def request(code, view):
        urlconf = types.ModuleType(f"snippet_urls_{code}")
        # The site's own URLs stay, so error pages render as they do in production.
        urlconf.urlpatterns = [path("snippet/", view), *site_urls.urlpatterns]
        urlconf.handler404 = site_urls.handler404
        settings.ROOT_URLCONF = urlconf
        method, headers = REQUESTS.get(code, ("get", {}))
        return getattr(Client(raise_request_exception=False), method)("/snippet/", **headers)

    return request


@pytest.mark.parametrize(("code", "source"), list(documented_snippets()))
def test_snippet_sends_its_documented_status(db, snippet_client, code, source):
    response = snippet_client(code, snippet_view(code, source))

    assert response.status_code == code
    required = REQUIRED_HEADERS.get(code, ())
    for header in [required] if isinstance(required, str) else required:
        assert response.has_header(header), header
    if response.has_header("Upgrade"):
        assert "upgrade" in response.get("Connection", "").lower()
    if code in WITHOUT_CONTENT:
        assert response.content == b""


def test_every_final_registered_status_has_a_snippet():
    shown = {code for code, _ in documented_snippets()}

    assert {200, 201, 204, 301, 302, 304, 307, 308, 400, 401, 403, 404, 405, 410, 500} <= shown
    assert not {code for code in shown if code < 200}, "Django cannot send 1xx interim responses"
