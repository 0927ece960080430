"""Content changes purge the HTTP caches in front, by tag, after commit, never failing a save."""

import logging
import socketserver
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from statuses.caching import purge
from statuses.models import StatusClass

from . import ports
from .forms import open_form

pytestmark = pytest.mark.database

PURGE_PORT = ports.PURGE


class Recorder(BaseHTTPRequestHandler):
    def do_PURGE(self):
        self.server.requests.append((self.command, self.path, dict(self.headers)))
        self.send_response(self.server.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PURGE

    def log_message(self, *args):
        pass


class PurgeEndpoint:
    def __init__(self, status=200):
        self.server = ThreadingHTTPServer(("127.0.0.1", PURGE_PORT), Recorder)
        self.server.requests, self.server.status = [], status
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def requests(self):
        return self.server.requests

    def wait_for(self, count, seconds=10):
        deadline = time.monotonic() + seconds
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.requests

    def tags(self):
        keys = [headers["Surrogate-Key"] for *_, headers in self.requests]
        return set(" ".join(keys).split())

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class GarbageAnswer(socketserver.BaseRequestHandler):
    def handle(self):
        self.server.connections += 1
        received = b""
        while b"\r\n\r\n" not in received:
            chunk = self.request.recv(4096)
            if not chunk:
                return
            received += chunk
        self.request.sendall(self.server.answer)


class GarbageEndpoint:
    """Answers every request with ``answer``, which is not a valid HTTP response."""

    def __init__(self, port, answer):
        socketserver.ThreadingTCPServer.allow_reuse_address = True
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", port), GarbageAnswer)
        self.server.daemon_threads = True
        self.server.answer, self.server.connections = answer, 0
        self.url = f"PURGE http://127.0.0.1:{port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def purger(monkeypatch, settings):
    """A fresh purger sending to one local endpoint, with short retry delays."""
    settings.PURGE_URLS = [f"PURGE http://127.0.0.1:{PURGE_PORT}/"]
    settings.PURGE_HEADERS = ["X-Purge-Token: secret-for-tests"]
    monkeypatch.setattr(purge, "purger", purge.Purger())
    monkeypatch.setattr(purge, "FIRST_RETRY_DELAY", 0.1)
    monkeypatch.setattr(purge, "REPEAT_AFTER", 0.5)
    yield purge.purger
    purge.purger.stop()


@pytest.fixture
def endpoint():
    endpoint = PurgeEndpoint()
    yield endpoint
    endpoint.close()


def test_an_admin_edit_purges_the_pages_that_show_the_code_after_commit(
    admin_client, sample_codes, purger, endpoint, django_capture_on_commit_callbacks
):
    url = reverse("admin:statuses_statuscode_change", args=[404])
    form = open_form(admin_client, url)

    with django_capture_on_commit_callbacks() as callbacks:
        response = form.submit(admin_client, {"summary_en": "Edited through the admin."})
        assert response.status_code == 302
    assert endpoint.requests == []  # nothing before the commit
    for callback in callbacks:
        callback()

    (method, path, headers), *_ = endpoint.wait_for(1)
    assert (method, path) == ("PURGE", "/")
    assert headers["X-Purge-Token"] == "secret-for-tests"
    # 404's own pages, 4xx's list, every list of codes, and its related codes' pages (410, 499)
    assert set(headers["Surrogate-Key"].split()) == {
        "code-404",
        "codes-4xx",
        "codes",
        "code-410",
        "code-499",
    }
    # Sent again a moment later, for a page a cache fetched while the change was committing.
    assert len(endpoint.wait_for(2)) == 2


def test_a_guide_edit_purges_the_guides_and_the_lists_that_show_them(
    admin_client, content, purger, endpoint, django_capture_on_commit_callbacks
):
    url = reverse("admin:statuses_guide_change", args=["caching"])
    form = open_form(admin_client, url)

    with django_capture_on_commit_callbacks(execute=True):
        assert (
            form.submit(admin_client, {"title_en": "Caching, status by status"}).status_code == 302
        )

    endpoint.wait_for(1)
    assert endpoint.tags() == {"codes"}  # the guides' own tag, and the home page lists them
    page = admin_client.get("/en/guides/caching/")
    assert set(page["Surrogate-Key"].split()) == {"codes"}


def test_purged_tags_cover_every_page_that_shows_the_change(
    client, sample_codes, purger, endpoint, django_capture_on_commit_callbacks
):
    pages = {
        path: set(client.get(path)["Surrogate-Key"].split())
        for path in ["/", "/4xx/", "/404/", "/410/", "/418/", "/2xx/", "/200/", "/api/statuses/"]
    }

    with django_capture_on_commit_callbacks(execute=True):
        sample_codes[410].summary_ko = "고친 요약"
        sample_codes[410].save()
    endpoint.wait_for(1)

    purged = {path for path, tags in pages.items() if tags & endpoint.tags()}
    # 410 shows on its own page, on 404's (related), in the 4xx list and the lists of all codes;
    # 418's page, the 2xx pages and 200's page do not show it and stay cached.
    assert purged == {"/", "/4xx/", "/404/", "/410/", "/api/statuses/"}


def test_adding_a_code_purges_its_neighbours_pages(
    sample_codes, purger, endpoint, django_capture_on_commit_callbacks
):
    from .conftest import make_code

    with django_capture_on_commit_callbacks(execute=True):
        make_code(405, iana_description="Method Not Allowed")

    endpoint.wait_for(1)
    assert {"code-404", "code-405", "code-410", "codes-4xx", "codes"} <= endpoint.tags()


def test_deleting_a_class_purges_its_pages_and_the_lists(
    admin_client, status_classes, purger, endpoint, django_capture_on_commit_callbacks
):
    url = reverse("admin:statuses_statusclass_delete", args=[1])
    form = open_form(admin_client, url)

    with django_capture_on_commit_callbacks(execute=True):
        assert form.submit(admin_client).status_code == 302

    assert not StatusClass.objects.filter(digit=1).exists()
    endpoint.wait_for(1)
    assert endpoint.tags() == {"class-1", "codes-1xx", "codes"}


def test_loading_content_purges_once_per_commit(
    content, purger, endpoint, django_capture_on_commit_callbacks, renamed_class_fixtures
):
    from statuses.content.loader import load_content

    with django_capture_on_commit_callbacks(execute=True):
        load_content(renamed_class_fixtures, overwrite=True)

    time.sleep(0.2)
    assert len(endpoint.requests) == 1
    assert {"class-4", "codes-4xx", "codes"} <= endpoint.tags()


def test_a_cache_that_is_down_never_fails_the_save_and_is_retried(
    admin_client, status_classes, purger, django_capture_on_commit_callbacks, caplog
):
    url = reverse("admin:statuses_statusclass_change", args=[4])
    form = open_form(admin_client, url)

    with caplog.at_level(logging.WARNING, logger="statuses.caching.purge"):
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = form.submit(admin_client, {"summary_ko": "캐시가 꺼져도 저장"})
        assert response.status_code == 302
        assert time.monotonic() - started < 2
        assert StatusClass.objects.get(digit=4).summary_ko == "캐시가 꺼져도 저장"

        deadline = time.monotonic() + 5
        while "retrying" not in caplog.text and time.monotonic() < deadline:
            time.sleep(0.02)
        assert "retrying" in caplog.text
        # The cache comes back: a retry reaches it.
        endpoint = PurgeEndpoint()
        try:
            endpoint.wait_for(1)
            assert {"class-4", "codes-4xx", "codes"} <= endpoint.tags()
        finally:
            endpoint.close()


def test_an_error_answer_is_retried_then_given_up_and_logged(
    status_classes, purger, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    monkeypatch.setattr(purge, "RETRIES", 2)
    endpoint = PurgeEndpoint(status=503)
    try:
        with caplog.at_level(logging.WARNING, logger="statuses.caching.purge"):
            with django_capture_on_commit_callbacks(execute=True):
                StatusClass.objects.filter(digit=5).get().save()
            deadline = time.monotonic() + 5
            while "giving up" not in caplog.text and time.monotonic() < deadline:
                time.sleep(0.02)
    finally:
        endpoint.close()

    assert "giving up" in caplog.text
    # The first try and two retries (the repeat a moment later merges with them).
    assert 3 <= len(endpoint.requests) <= 6


def test_endpoints_answering_garbage_are_retried_and_silence_no_other(
    status_classes, purger, settings, django_capture_on_commit_callbacks, caplog
):
    bad_status_line = GarbageEndpoint(ports.PURGE_GARBAGE[0], b"\x1b[31mNOT HTTP\r\n\r\n")
    long_header = GarbageEndpoint(
        ports.PURGE_GARBAGE[1], b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n"
    )
    healthy = PurgeEndpoint()
    # The garbage endpoints come first: the healthy one, listed after them, must still be purged.
    settings.PURGE_URLS = [bad_status_line.url, long_header.url, *settings.PURGE_URLS]
    try:
        with caplog.at_level(logging.WARNING, logger="statuses.caching.purge"):
            with django_capture_on_commit_callbacks(execute=True):
                StatusClass.objects.get(digit=5).save()
            # The first purge and the one repeated a moment later, both received.
            assert len(healthy.wait_for(2)) == 2
            deadline = time.monotonic() + 10
            while (
                min(bad_status_line.server.connections, long_header.server.connections) < 3
                and time.monotonic() < deadline
            ):
                time.sleep(0.02)
    finally:
        for endpoint in (bad_status_line, long_header, healthy):
            endpoint.close()

    assert healthy.tags() == {"class-5", "codes-5xx", "codes"}
    # Each garbage endpoint was tried again, and each failure logged on one short line.
    assert bad_status_line.server.connections >= 3
    assert long_header.server.connections >= 3
    failures = [r.getMessage() for r in caplog.records if "retrying" in r.getMessage()]
    assert any("BadStatusLine" in line and bad_status_line.url[6:] in line for line in failures)
    assert any("LineTooLong" in line and long_header.url[6:] in line for line in failures)
    assert max(len(line) for line in failures) < 500


def test_without_endpoints_a_save_costs_no_extra_query(sample_codes, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries_of_a_save():
        with CaptureQueriesContext(connection) as queries:
            sample_codes[404].save()
        return len(queries)

    settings.PURGE_URLS = []
    without = queries_of_a_save()
    settings.PURGE_URLS = [f"PURGE http://127.0.0.1:{PURGE_PORT}/"]
    with_endpoints = queries_of_a_save()

    # With endpoints, one more: the related codes, whose pages show this one.
    assert with_endpoints == without + 1
