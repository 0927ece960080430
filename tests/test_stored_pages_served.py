"""Stored pages and their encodings through the real processes: the production app server
(Granian serving config/wsgi.py, the stored-answer layer included) and Varnish with
scripts/varnish.vcl in front of it, purged by the site's own purger."""

import gzip
import http.client
import time

import brotli
import pytest
from django.db import connection
from stack import Stack

from scripts.servers import granian
from statuses.caching import purge

from . import ports
from .conftest import server_env
from .test_servers import start, stop

pytestmark = pytest.mark.django_db

ORIGIN_PORT, VARNISH_PORT = ports.STORED_PAGES
ENCODINGS = ["identity", "gzip", "br"]
DECODE = {"identity": lambda body: body, "gzip": gzip.decompress, "br": brotli.decompress}


@pytest.fixture(scope="module")
def origin(real_content, collected_static, tmp_path_factory):
    """One Granian worker on the test database, which holds the real content."""
    env = server_env(
        DATABASE_URL=f"sqlite:///{connection.settings_dict['NAME']}",
        CACHE_URL=f"filecache://{tmp_path_factory.mktemp('origin-cache')}",
    )
    server = start(
        granian(ORIGIN_PORT, 1, log=False), env, f"http://127.0.0.1:{ORIGIN_PORT}/robots.txt"
    )
    yield ORIGIN_PORT
    stop(server)


@pytest.fixture(scope="module")
def varnish(origin):
    front = Stack("127.0.0.1", VARNISH_PORT, 1)
    try:
        front.varnish([origin])
        yield VARNISH_PORT
    finally:
        front.stop()


def fetch(port, path, method="GET", encoding=None, **headers):
    if encoding:
        headers["Accept-Encoding"] = encoding
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        # http.client sends "Accept-Encoding: identity" unless told otherwise.
        client.request(
            method, path, headers={name.replace("_", "-"): v for name, v in headers.items()}
        )
        response = client.getresponse()
        return response.status, response.headers, response.read()
    finally:
        client.close()


def fields(headers):
    return sorted(
        (name.lower(), value) for name, value in headers.items() if name.lower() != "date"
    )


@pytest.mark.parametrize("path", ["/404/", "/api/statuses/404/"])
def test_the_app_server_sends_each_encoding_and_its_304_the_same_every_time(origin, path):
    _, _, page = fetch(origin, path)
    etags = {encoding: fetch(origin, path, encoding=encoding)[1]["ETag"] for encoding in ENCODINGS}
    for encoding in ENCODINGS:
        answers = [fetch(origin, path, encoding=encoding) for _ in range(3)]
        head = fetch(origin, path, "HEAD", encoding=encoding)
        unchanged = fetch(origin, path, encoding=encoding, If_None_Match=etags[encoding])
        other = next(etag for other, etag in etags.items() if other != encoding)
        changed = fetch(origin, path, encoding=encoding, If_None_Match=other)

        status, headers, body = answers[0]
        assert status == 200
        assert {(s, tuple(fields(h)), b) for s, h, b in answers} == {
            (200, tuple(fields(headers)), body)
        }
        assert headers.get("Content-Encoding", "identity") == encoding
        assert headers["Vary"] == "Accept-Encoding"
        assert int(headers["Content-Length"]) == len(body)
        assert DECODE[encoding](body) == page
        assert (head[0], fields(head[1]), head[2]) == (200, fields(headers), b"")
        assert unchanged[0] == 304 and unchanged[2] == b""
        assert unchanged[1]["ETag"] == etags[encoding]
        assert "Content-Length" not in unchanged[1]
        assert (changed[0], changed[1]["ETag"], changed[2]) == (200, etags[encoding], body)


def test_varnish_keeps_one_object_per_encoding_and_a_purge_drops_them_all(
    origin, varnish, settings
):
    path = "/404/"
    _, _, page = fetch(origin, path)
    for encoding in ENCODINGS:
        origin_etag = fetch(origin, path, encoding=encoding)[1]["ETag"]
        first = fetch(varnish, path, encoding=encoding)
        again = fetch(varnish, path, encoding=encoding)

        assert (first[1]["X-Cache"], again[1]["X-Cache"]) == ("MISS", "HIT"), encoding
        assert again[1].get("Content-Encoding", "identity") == encoding
        assert again[1]["ETag"] == origin_etag  # sent as stored, not unzipped and weakened
        assert DECODE[encoding](again[2]) == page
        assert fetch(varnish, path, encoding=encoding, If_None_Match=origin_etag)[0] == 304
    # Whatever a client writes, it gets one of the three objects.
    for accept_encoding, encoding in [
        ("gzip, deflate, br, zstd", "br"),
        ("gzip, deflate", "gzip"),
        ("br;q=0, gzip;q=0.5", "gzip"),
        ("deflate", "identity"),
    ]:
        _, headers, _ = fetch(varnish, path, encoding=accept_encoding)
        assert headers["X-Cache"] == "HIT", accept_encoding
        assert headers.get("Content-Encoding", "identity") == encoding, accept_encoding

    settings.PURGE_URLS = [f"PURGE http://127.0.0.1:{varnish}/"]
    purger = purge.Purger()
    purger.purge({purge.code_tag(404)}, repeat=False)
    deadline = time.monotonic() + 10
    while fetch(varnish, path)[1]["X-Cache"] == "HIT" and time.monotonic() < deadline:
        time.sleep(0.05)
    purger.stop()

    assert [fetch(varnish, path, encoding=e)[1]["X-Cache"] for e in ENCODINGS] == [
        "HIT",  # fetched again by the wait above
        "MISS",
        "MISS",
    ]
