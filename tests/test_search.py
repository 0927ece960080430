import pytest
from django.urls import reverse

from statuses.models import Guide

pytestmark = pytest.mark.database

SEARCH = reverse("statuses:search")


def test_a_code_number_jumps_to_its_page(client, sample_codes):
    response = client.get(SEARCH, {"q": " 418 "})

    assert response.status_code == 302
    assert response["Location"] == "/418/"


def test_full_width_digits_are_the_code_they_spell(client, sample_codes):
    # East Asian input methods type ４０４; other scripts' digits are not read as a code.
    assert client.get(SEARCH, {"q": "４０４"})["Location"] == "/404/"
    assert client.get(SEARCH, {"q": "٤٠٤"}).status_code == 200


def test_full_width_letters_are_the_words_they_spell(client, sample_codes):
    results = client.get(SEARCH, {"q": "ｔｅａｐｏｔ"}).context["results"]

    assert [status.code for status in results] == [418]


def test_a_code_number_jumps_to_the_english_page_under_en(client, sample_codes):
    response = client.get("/en" + SEARCH, {"q": "404"})

    assert response["Location"] == "/en/404/"


def test_an_unknown_number_shows_the_nearest_codes(client, sample_codes):
    html = client.get(SEARCH, {"q": "419"}).content.decode()

    assert 'href="/418/"' in html and 'href="/499/"' in html


def test_korean_words_find_codes(client, sample_codes):
    html = client.get(SEARCH, {"q": "찾을"}).content.decode()

    assert 'href="/404/"' in html
    assert "<mark>찾을</mark>" in html


def test_name_matches_rank_before_description_matches(client, sample_codes):
    sample_codes[410].description_en = "Unlike a plain not found, this is permanent."
    sample_codes[410].save()

    results = client.get(SEARCH, {"q": "not found"}).context["results"]

    assert [s.code for s in results] == [404, 410]


def test_codes_holding_every_word_come_alone(client, sample_codes):
    results = client.get(SEARCH, {"q": "not found"}).context["results"]

    assert [s.code for s in results] == [404]


def test_without_a_code_holding_every_word_the_closest_ones_are_listed_and_said_so(
    client, sample_codes
):
    response = client.get(SEARCH, {"q": "found teapot"})

    assert {s.code for s in response.context["results"]} == {404, 418}
    assert "모든 단어" in response.content.decode()


def test_a_number_in_a_log_line_leads_the_results(client, sample_codes):
    line = '"GET /teapot HTTP/1.1" 499 0 "-" "curl/8.5.0"'

    results = client.get(SEARCH, {"q": line}).context["results"]

    assert results[0].code == 499


@pytest.mark.parametrize(("query", "target"), [("4xx", "/4xx/"), ("5XX 에러", "/5xx/")])
def test_a_class_label_goes_to_the_class(client, sample_codes, query, target):
    response = client.get(SEARCH, {"q": query})

    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.parametrize(
    ("query", "target"), [("HTTP 404", "/404/"), ("404 not found", "/404/"), ("에러 418", "/418/")]
)
def test_a_code_with_words_about_it_jumps_to_its_page(client, sample_codes, query, target):
    assert client.get(SEARCH, {"q": query})["Location"] == target


@pytest.mark.parametrize("number", ["999", "42", "60", "1000", "600", "12345678901234567890123"])
def test_a_number_that_cannot_be_a_status_code_says_so(client, sample_codes, number):
    response = client.get(SEARCH, {"q": number})

    assert response.status_code == 200
    assert f"{number} 같은 숫자는 HTTP 상태 코드가 될 수 없습니다" in response.content.decode()
    assert response.context["results"] == []


@pytest.mark.parametrize(("digits", "codes"), [("4", [404, 410, 418, 499]), ("41", [410, 418])])
def test_one_or_two_digits_list_the_codes_they_begin(client, sample_codes, digits, codes):
    # A code being typed: the home page's filter shows the same answer at each keystroke.
    response = client.get(SEARCH, {"q": digits})

    assert [status.code for status in response.context["results"]] == codes
    assert f"아래는 앞자리가 {digits}인 코드입니다" in response.content.decode()


def test_latin_words_match_whole_words_only(client, sample_codes):
    sample_codes[410].description_en = "Kept separate from other answers."
    sample_codes[410].save()
    sample_codes[404].description_en = "Clients often retry at a lower rate."
    sample_codes[404].save()

    html = client.get("/en" + SEARCH, {"q": "rate"}).content.decode()

    assert [s.code for s in client.get(SEARCH, {"q": "rate"}).context["results"]] == [404]
    assert "<mark>rate</mark>" in html and "sepa<mark>" not in html


def test_prose_is_searched_without_urls_and_excerpts_show_no_markdown(client, sample_codes):
    sample_codes[
        410
    ].description_en = (
        "See [the spec](https://www.rfc-editor.org/rfc/rfc9110).\n\n- **Removed** for good"
    )
    sample_codes[410].save()

    assert client.get("/en" + SEARCH, {"q": "rfc9110"}).context["results"] == []
    html = client.get("/en" + SEARCH, {"q": "removed"}).content.decode()
    assert "See the spec. <mark>Removed</mark> for good" in html


def test_british_spellings_and_typos_find_the_code(client, sample_codes):
    sample_codes[410].summary_en = "The resource was removed by an authorized editor."
    sample_codes[410].save()

    for query in ["authorised", "athorized", "teapott"]:
        assert client.get(SEARCH, {"q": query}).context["results"], query


def test_keywords_rank_right_after_the_names(client, sample_codes):
    sample_codes[410].keywords_ko = "삭제됨, 영구 삭제"
    sample_codes[410].save()
    sample_codes[404].description_ko = "삭제됨 페이지와 구별하세요."
    sample_codes[404].save()

    results = client.get(SEARCH, {"q": "삭제됨"}).context["results"]

    assert [s.code for s in results] == [410, 404]


def test_empty_state_helps(client, sample_codes):
    html = client.get(SEARCH, {"q": "zzzz"}).content.decode()

    assert "zzzz" in html
    assert "리다이렉트" in html  # suggests a Korean word to try


@pytest.mark.parametrize(
    "query", ["x" * 5000, "<script>alert(1)</script>", "%", "_", "' OR 1=1 --", "😀"]
)  # A NUL character answers 400 before any view runs (tests/test_bad_input.py).
def test_odd_queries_answer_calmly(client, sample_codes, query):
    response = client.get(SEARCH, {"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_search_query_count(client, sample_codes, django_assert_num_queries):
    Guide.objects.create(
        slug="teapots", title_ko="찻주전자 안내", summary_ko="요약", body_ko="본문"
    )
    # The first search after a change builds the index: 1. the vendor usages, 2. the codes'
    # searchable fields, 3. the guides' text; then 4. the matching rows, for display
    with django_assert_num_queries(4):
        client.get(SEARCH, {"q": "found"})
    # Later searches reuse it: 1. the matching rows
    with django_assert_num_queries(1):
        client.get(SEARCH, {"q": "not found"})
    # A search that a guide answers too: 1. the matching rows, 2. the matching guides
    with django_assert_num_queries(2):
        client.get(SEARCH, {"q": "찻주전자"})


def test_an_edit_shows_in_the_next_search(client, sample_codes):
    client.get(SEARCH, {"q": "teapot"})
    sample_codes[410].keywords_en = "teapot"
    sample_codes[410].save()

    results = client.get(SEARCH, {"q": "teapot"}).context["results"]

    assert [s.code for s in results] == [418, 410]


def test_results_found_by_a_keyword_show_it(client, sample_codes):
    sample_codes[410].keywords_ko = "영구 삭제, 삭제됨"
    sample_codes[410].save()

    html = client.get(SEARCH, {"q": "삭제"}).content.decode()

    assert '<p class="keywords">키워드: 영구 <mark>삭제</mark>, <mark>삭제</mark>됨</p>' in html
