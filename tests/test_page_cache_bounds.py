"""One cache entry per canonical page, and a bound in bytes on each process's page cache."""

import pytest
from django.core.cache import caches

from statuses.caching.memory import BoundedMemoryCache

pytestmark = pytest.mark.database

PAGES_WITH_PARAMETERS = [
    ("/404/", ""),
    ("/en/4xx/", ""),
    ("/", ""),
    ("/search/", "q=found"),
    ("/api/statuses/", "lang=en"),
    ("/api/statuses/404/", ""),
]


@pytest.mark.parametrize(("path", "query"), PAGES_WITH_PARAMETERS)
def test_unknown_query_parameters_neither_add_entries_nor_change_the_page(
    client, sample_codes, path, query, django_assert_num_queries
):
    canonical = client.get(f"{path}?{query}")
    size = caches["pages"].size

    with django_assert_num_queries(0):
        busted = [client.get(f"{path}?{query}&cb={n}&utm_source=x{n}&{n}={n}") for n in range(20)]

    assert canonical.status_code == 200
    assert {response.content for response in busted} == {canonical.content}
    assert caches["pages"].size == size


def test_the_language_switch_keeps_only_the_parameters_the_page_reads(client, sample_codes):
    html = client.get("/search/?q=found&cb=123").content.decode()

    assert 'href="/en/search/?q=found"' in html
    assert "cb=123" not in html


def test_a_parameter_the_view_reads_gets_its_own_entry(client, sample_codes):
    korean = client.get("/api/statuses/404/")
    english = client.get("/api/statuses/404/?lang=en")

    assert korean.json()["language"] == "ko"
    assert english.json()["language"] == "en"


def pages_cache(max_bytes):
    return {
        "BACKEND": "statuses.caching.memory.BoundedMemoryCache",
        "LOCATION": f"bounded-{max_bytes}",
        "OPTIONS": {"MAX_BYTES": max_bytes},
    }


def test_the_page_cache_stays_under_its_byte_bound(client, sample_codes, settings):
    settings.CACHES = {**settings.CACHES, "pages": pages_cache(60_000)}
    caches["pages"].clear()

    sizes = []
    for n in range(60):
        assert client.get(f"/search/?q=word{n}").status_code == 200
        sizes.append(caches["pages"].size)

    assert max(sizes) <= 60_000
    assert sizes[-1] > 40_000  # it filled up, then evicted the oldest pages


def test_least_recently_used_pages_go_first():
    cache = BoundedMemoryCache("lru-test", {"OPTIONS": {"MAX_BYTES": 3 * 1_600}})
    cache.clear()
    for key in "abc":
        cache.set(key, b"x" * 1_000)
    cache.get("a")

    cache.set("d", b"x" * 1_000)

    assert [cache.get(key) is not None for key in "abcd"] == [True, False, True, True]


def test_a_page_larger_than_the_bound_is_served_but_not_kept(client, sample_codes, settings):
    settings.CACHES = {**settings.CACHES, "pages": pages_cache(1_000)}

    response = client.get("/404/")

    assert response.status_code == 200 and len(response.content) > 1_000
    assert caches["pages"].size == 0
