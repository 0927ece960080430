"""Public pages and the API are compressed once, when rendered, and served in the encoding each
request prefers, with Vary: Accept-Encoding and an ETag of each variant's own."""

import gzip

import brotli
import pytest
from django.urls import reverse

from statuses.caching import encodings

PAGES = [
    reverse("statuses:detail", args=[404]),
    "/en/4xx/",
    "/search/?q=found",
    "/api/statuses/",
    "/api/statuses/404/?lang=en",
]
DECODE = {"gzip": gzip.decompress, "br": brotli.decompress}


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_each_variant_decodes_to_the_page_and_has_its_own_etag(
    client, sample_codes, path, encoding
):
    plain = client.get(path)
    for attempt in ("rendered", "stored"):
        compressed = client.get(path, headers={"accept-encoding": encoding})

        assert compressed.status_code == 200, attempt
        assert compressed["Content-Encoding"] == encoding
        assert DECODE[encoding](compressed.content) == plain.content
        assert int(compressed["Content-Length"]) == len(compressed.content) < len(plain.content)
        assert compressed["Vary"] == plain["Vary"] == "Accept-Encoding"
        assert compressed["Content-Type"] == plain["Content-Type"]
        assert compressed["ETag"] != plain["ETag"]
    assert not plain.has_header("Content-Encoding")


@pytest.mark.parametrize(
    ("accept_encoding", "sent"),
    [
        (None, None),
        ("", None),
        ("identity", None),
        ("gzip, deflate", "gzip"),
        ("x-gzip", "gzip"),
        ("gzip, deflate, br, zstd", "br"),  # what browsers send
        ("BR", "br"),
        ("br;q=0, gzip", "gzip"),
        ("br;q=0.000, gzip;q=0.5", "gzip"),
        ("gzip;q=1.0, br;q=0.8", "gzip"),
        ("gzip;q=0.5, br;q=0.5", "br"),  # a tie: the smaller
        ("*", "br"),
        ("*;q=0.1, br;q=0", "gzip"),
        ("identity;q=0, *;q=0", None),  # nothing acceptable: the page as it is
        ("gzip;q=2, deflate", None),  # a weight beyond 1 is no weight
        ("gzip;q=high, br;q=0.", None),
        ("compress, deflate, zstd", None),
        (",,; ;q=1,", None),
    ],
)
def test_the_encoding_follows_the_weights_of_accept_encoding(
    client, sample_codes, accept_encoding, sent
):
    headers = {} if accept_encoding is None else {"accept-encoding": accept_encoding}

    response = client.get(reverse("statuses:home"), headers=headers)

    assert response.status_code == 200
    assert response.get("Content-Encoding") == sent


@pytest.mark.parametrize("encoding", [None, "gzip", "br"])
def test_each_variant_answers_304_to_its_own_etag_only(client, sample_codes, encoding):
    path = reverse("statuses:detail", args=[404])
    headers = {"accept-encoding": encoding} if encoding else {}
    etags = {
        other: client.get(path, headers={"accept-encoding": other} if other else {})["ETag"]
        for other in (None, "gzip", "br")
    }

    unchanged = client.get(path, headers={**headers, "if-none-match": etags[encoding]})
    others = [etag for other, etag in etags.items() if other != encoding]
    changed = client.get(path, headers={**headers, "if-none-match": ", ".join(others)})

    assert len(set(etags.values())) == 3
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == etags[encoding]
    assert unchanged["Vary"] == "Accept-Encoding"
    assert not unchanged.has_header("Content-Length")
    assert changed.status_code == 200
    assert changed["ETag"] == etags[encoding]


def counting(function, calls):
    def counted(*args, **kwargs):
        calls.append(function.__module__)
        return function(*args, **kwargs)

    return counted


def test_pages_are_compressed_when_rendered_and_never_again(client, sample_codes, monkeypatch):
    calls = []
    monkeypatch.setattr(encodings.gzip, "compress", counting(encodings.gzip.compress, calls))
    monkeypatch.setattr(encodings.brotli, "compress", counting(encodings.brotli.compress, calls))
    path = reverse("statuses:detail", args=[404])

    client.get(path)
    assert sorted(calls) == ["brotli", "gzip"]
    for encoding in ("br", "gzip", "identity", "br", "gzip"):
        assert client.get(path, headers={"accept-encoding": encoding}).status_code == 200

    assert len(calls) == 2


def test_pages_not_stored_are_sent_as_they_are(client, sample_codes):
    missing = client.get("/419/", headers={"accept-encoding": "br, gzip"})
    tried = client.get(reverse("try", args=[404]), headers={"accept-encoding": "br, gzip"})

    assert missing.status_code == 404
    assert tried.status_code == 404
    assert not missing.has_header("Content-Encoding")
    assert not tried.has_header("Content-Encoding")
