import pytest
from django.core.cache.backends.filebased import FileBasedCache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from statuses.caching.page_cache import VERSION_KEY, content_version
from statuses.content.loader import load_content
from statuses.models import CodeComparison, StatusClass

from .conftest import make_code, make_usage
from .forms import submit_form

pytestmark = pytest.mark.database

PAGES = [
    reverse("statuses:home"),
    reverse("statuses:class", args=[4]),
    reverse("statuses:detail", args=[404]),
    "/en/",
    "/en/4xx/",
    "/en/404/",
    "/search/?q=found",
    "/api/statuses/",
    "/api/statuses/404/",
    "/api/classes/4/",
]


@pytest.mark.parametrize("path", PAGES)
def test_uncached_page_costs_at_most_six_queries(
    client, sample_codes, path, django_assert_max_num_queries
):
    # The first page after a change: home and class: 1. classes, 2. codes; detail: 1. the code
    # with its class, 2. related codes, 3. vendor usages, then the tables kept per content
    # version (views.kept_tables): 4. the documented code numbers, 5. the comparisons, 6. the
    # caching guide's cells; search: 1. vendor usages, 2. codes (the index), 3. the matching
    # codes; API: as the pages. Pages with prose: 4. the documented code numbers.
    with django_assert_max_num_queries(6):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", PAGES)
def test_cached_page_costs_no_query(client, sample_codes, path, django_assert_num_queries):
    first = client.get(path)

    with django_assert_num_queries(0):
        again = client.get(path)

    assert again.status_code == 200
    assert again.content == first.content


def test_pages_are_cached_per_language(client, sample_codes):
    korean = client.get(reverse("statuses:detail", args=[404])).content.decode()
    english = client.get("/en/404/").content.decode()

    assert '<html lang="ko">' in korean
    assert '<html lang="en">' in english


def test_pages_carry_validators_and_cache_control(client, sample_codes):
    response = client.get(reverse("statuses:detail", args=[404]))

    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert response["Cache-Control"] == (
        "public, max-age=0, s-maxage=3600, stale-while-revalidate=30, stale-if-error=86400"
    )


@pytest.mark.parametrize("method", ["get", "head"])
def test_repeated_conditional_request_gets_304_without_body(client, sample_codes, method):
    path = reverse("statuses:detail", args=[404])
    etag = client.get(path)["ETag"]

    response = getattr(client, method)(path, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == etag


def test_if_modified_since_gets_304(client, sample_codes):
    path = reverse("statuses:home")
    last_modified = client.get(path)["Last-Modified"]

    response = client.get(path, headers={"if-modified-since": last_modified})

    assert response.status_code == 304


def test_a_stale_etag_gets_the_whole_page(client, sample_codes):
    response = client.get(reverse("statuses:home"), headers={"if-none-match": '"stale"'})

    assert response.status_code == 200
    assert response.content


def test_editing_a_code_shows_at_once_and_changes_the_etag(client, sample_codes):
    path = reverse("statuses:detail", args=[404])
    before = client.get(path)

    sample_codes[404].summary_ko = "새로 고친 요약"
    sample_codes[404].save()
    after = client.get(path, headers={"if-none-match": before["ETag"]})

    assert after.status_code == 200
    assert "새로 고친 요약" in after.content.decode()
    assert after["ETag"] != before["ETag"]


def test_editing_a_class_shows_on_every_page(client, sample_codes):
    for path in PAGES[:3]:
        client.get(path)

    status_class = StatusClass.objects.get(digit=4)
    status_class.name_ko = "고친 클래스 이름"
    status_class.save()

    for path in PAGES[:3]:
        assert "고친 클래스 이름" in client.get(path).content.decode()


def test_adding_and_deleting_codes_show_at_once(client, sample_codes):
    path = reverse("statuses:class", args=[4])
    client.get(path)

    make_code(429, iana_description="Too Many Requests")
    assert "Too Many Requests" in client.get(path).content.decode()

    sample_codes[410].delete()
    assert 'href="/410/"' not in client.get(path).content.decode()


def test_vendor_usage_and_related_code_changes_show_at_once(client, sample_codes):
    path = reverse("statuses:detail", args=[404])
    client.get(path)

    make_usage(sample_codes[404], "AWS ELB", description_ko="설명")
    assert "AWS ELB" in client.get(path).content.decode()

    sample_codes[404].related_codes.add(sample_codes[418])
    assert 'href="/418/"' in client.get(path).content.decode()


def test_an_edited_comparison_shows_at_once(client, sample_codes):
    path = reverse("statuses:detail", args=[404])
    client.get(path)

    comparison = CodeComparison.objects.get(first=404, second=410)
    comparison.note_ko = "404는 모름, 410은 영영 없음"
    comparison.save()

    assert "404는 모름, 410은 영영 없음" in client.get(path).content.decode()


def test_an_admin_edit_shows_at_once(admin_client, client, sample_codes):
    path = reverse("statuses:class", args=[4])
    client.get(path)
    change_url = reverse("admin:statuses_statusclass_change", args=[4])

    response = submit_form(admin_client, change_url, {"summary_ko": "관리 화면에서 고침"})

    assert response.status_code == 302
    assert "관리 화면에서 고침" in client.get(path).content.decode()


def test_loading_content_shows_at_once(client, sample_codes, renamed_class_fixtures):
    path = reverse("statuses:class", args=[4])
    client.get(path)

    load_content(renamed_class_fixtures, overwrite=True)

    assert "불러온 이름" in client.get(path).content.decode()


def test_missing_pages_are_not_cached(client, sample_codes, django_assert_num_queries):
    client.get("/419/")

    # 1. the code itself (not found), 2. the code below, 3. the code above
    with django_assert_num_queries(3):
        assert client.get("/419/").status_code == 404


def test_a_version_another_process_stores_is_read_at_once(settings, client, sample_codes):
    path = reverse("statuses:detail", args=[404])
    client.get(path)
    version = content_version()
    # Another process: a cache of its own on the same folder.
    other_process = FileBasedCache(settings.CACHES["default"]["LOCATION"], {})

    other_process.set(VERSION_KEY, version + 1, timeout=None)

    assert content_version() == version + 1
    with CaptureQueriesContext(connection) as rendered:
        client.get(path)
    assert rendered.captured_queries, "the page of the old version was served"


def test_an_unchanged_version_file_is_not_read_again(monkeypatch):
    content_version()  # the first read of this test's file, which it may also create
    version = content_version()

    def read(*args, **kwargs):
        raise AssertionError("the version file was read again")

    monkeypatch.setattr(FileBasedCache, "get", read)

    assert content_version() == version
