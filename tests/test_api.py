import pytest
from django.urls import reverse

pytestmark = pytest.mark.database

LIST = reverse("statuses:api-list")


def test_list_returns_every_code_with_cors(client, sample_codes):
    response = client.get(LIST)

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    assert data["language"] == "ko"
    assert data["count"] == 5
    assert [s["code"] for s in data["statuses"]] == [200, 404, 410, 418, 499]


def test_the_list_is_compact_and_leads_to_each_full_entry(client, sample_codes):
    listed = client.get(LIST).json()["statuses"][1]

    assert listed == {
        "code": 404,
        "name": "Not Found",
        "title_ko": "찾을 수 없음",
        "class": 4,
        "registry_status": "permanent",
        "url": "https://status.example/404/",
        "api_url": "https://status.example/api/statuses/404/",
    }
    full = client.get(listed["api_url"].removeprefix("https://status.example")).json()
    assert full["description"] == "서버에 **해당 리소스**가 없습니다."


def test_the_real_list_is_a_fraction_of_the_full_text(client, content):
    listing = client.get(LIST).content
    full = sum(
        len(client.get(reverse("statuses:api-class", args=[digit])).content)
        for digit in range(1, 6)
    )

    assert len(listing) < full / 10
    assert len(listing) < 40_000


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_index_lists_every_endpoint_with_a_working_example(client, sample_codes, prefix):
    from statuses.models import Guide

    Guide.objects.create(slug="redirects", title_ko="리다이렉트")
    response = client.get(f"{prefix}/api/")

    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    endpoints = response.json()["endpoints"]
    assert [endpoint["url"] for endpoint in endpoints] == [
        f"https://status.example{prefix}/api/statuses/",
        f"https://status.example{prefix}/api/statuses/{{code}}/",
        f"https://status.example{prefix}/api/classes/{{digit}}/",
        f"https://status.example{prefix}/api/guides/",
        f"https://status.example{prefix}/api/guides/{{slug}}/",
        f"https://status.example{prefix}/api/search/?q={{q}}",
    ]
    for endpoint in endpoints:
        example = client.get(endpoint["example"].removeprefix("https://status.example"))
        assert example.status_code == 200, endpoint["example"]
        assert endpoint["description"]


def test_hangul_is_sent_as_utf8_not_escapes(client, sample_codes):
    response = client.get(reverse("statuses:api-detail", args=[404]))

    assert "찾을 수 없음".encode() in response.content
    assert b"\\u" not in response.content


def test_one_code_has_every_documented_field(client, sample_codes):
    data = client.get(reverse("statuses:api-detail", args=[404])).json()

    assert data["name"] == "Not Found"
    assert data["title_ko"] == "찾을 수 없음"
    assert data["summary"] == "요청한 리소스를 찾을 수 없습니다."
    assert data["specification"]["url"].endswith("#section-15.5.5")
    assert data["related_codes"] == [410, 499]
    assert data["http_status_name"] == "NOT_FOUND"
    assert data["url"] == "https://status.example/404/"


def test_english_by_query_or_prefix(client, sample_codes):
    by_query = client.get(reverse("statuses:api-detail", args=[404]), {"lang": "en"}).json()
    by_prefix = client.get("/en" + reverse("statuses:api-detail", args=[404])).json()

    for data in (by_query, by_prefix):
        assert data["language"] == "en"
        assert data["summary"] == "The server cannot find the requested resource."


def test_vendor_usages_are_included(client, sample_codes):
    data = client.get(reverse("statuses:api-detail", args=[499])).json()

    assert data["registry_status"] == "unregistered"
    assert data["vendor_usages"][0]["vendor"] == "nginx"


def test_one_class(client, sample_codes):
    data = client.get(reverse("statuses:api-class", args=[4])).json()

    assert data["class"]["label"] == "4xx"
    assert [s["code"] for s in data["statuses"]] == [404, 410, 418, 499]


@pytest.mark.parametrize(
    "path",
    [
        "/api/statuses/419/",
        "/api/classes/7/",
        # Out of range or matching no URL pattern: the 404 handler answers.
        "/api/statuses/999/",
        "/api/statuses/0404/",
        "/api/nothing/",
        "/en/api/nothing/",
    ],
)
def test_unknown_codes_and_paths_answer_json_404_open_to_every_origin(client, sample_codes, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "not_found"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_bad_language_is_a_400(client, sample_codes):
    response = client.get(LIST, {"lang": "fr"})

    assert response.status_code == 400
    assert response.json()["error"] == "bad_language"


def test_writes_are_refused(client, sample_codes):
    response = client.post(LIST)

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_list_query_count_does_not_grow(client, sample_codes, django_assert_num_queries):
    # 1. the codes
    with django_assert_num_queries(1):
        client.get(LIST)


def test_one_code_query_count(client, sample_codes, django_assert_num_queries):
    # 1. the code with its class, 2. related codes, 3. vendor usages; after a change, 4. the
    # comparisons, kept per content version (views.kept_tables)
    with django_assert_num_queries(4):
        client.get(reverse("statuses:api-detail", args=[404]))
    with django_assert_num_queries(3):
        client.get(reverse("statuses:api-detail", args=[410]))


def test_one_code_lists_the_differences_to_its_related_codes(client, sample_codes):
    data = client.get(reverse("statuses:api-detail", args=[404]), {"lang": "en"}).json()

    assert data["comparisons"] == [
        {"code": 410, "difference": "404 only says it is missing; 410 says it is gone for good."}
    ]


def test_keywords_and_the_originating_vendor_come_with_each_code(client, sample_codes):
    sample_codes[499].keywords_ko = "요청 취소, 연결 끊김"
    sample_codes[499].keywords_en = "client disconnected"
    sample_codes[499].originating_vendor = "nginx"
    sample_codes[499].save()

    data = client.get(reverse("statuses:api-detail", args=[499])).json()

    assert data["keywords"] == {"ko": ["요청 취소", "연결 끊김"], "en": ["client disconnected"]}
    assert data["originating_vendor"] == "nginx"


SEARCH_API = reverse("statuses:api-search")


def test_search_answers_what_the_search_page_lists(client, sample_codes):
    data = client.get(SEARCH_API, {"q": "찾을"}).json()
    page = client.get(reverse("statuses:search"), {"q": "찾을"})

    assert data["codes"] == [status.code for status in page.context["results"]] == [404]
    assert data["goes_to"] is None and data["every_word_matched"] is True
    assert client.get(SEARCH_API, {"q": "찾을"})["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("query", "codes", "goes_to"),
    [
        ("HTTP 418", [418], "https://status.example/418/"),
        ("4xx", [404, 410, 418, 499], "https://status.example/4xx/"),
        ("41", [410, 418], None),
        ("999", [], None),
    ],
)
def test_search_says_where_the_search_page_would_go(client, sample_codes, query, codes, goes_to):
    data = client.get(SEARCH_API, {"q": query}).json()

    assert (data["codes"], data["goes_to"]) == (codes, goes_to)
    assert data["not_a_code"] == ("999" if query == "999" else None)


def test_search_answers_in_the_language_of_the_prefix(client, sample_codes):
    data = client.get("/en" + SEARCH_API, {"q": "418"}).json()

    assert data["language"] == "en"
    assert data["goes_to"] == "https://status.example/en/418/"


def test_search_query_count(client, sample_codes, django_assert_num_queries):
    # The first search after a change builds the index: 1. the vendor usages, 2. the codes'
    # searchable fields, 3. the guides; the answer needs no row of its own
    with django_assert_num_queries(3):
        client.get(SEARCH_API, {"q": "found"})
    with django_assert_num_queries(0):
        client.get(SEARCH_API, {"q": "teapot"})
