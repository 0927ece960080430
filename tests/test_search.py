import pytest
from django.urls import reverse

SEARCH = reverse("statuses:search")


def test_a_code_number_jumps_to_its_page(client, sample_codes):
    response = client.get(SEARCH, {"q": " 418 "})

    assert response.status_code == 302
    assert response["Location"] == "/418/"


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


def test_every_word_must_match(client, sample_codes):
    results = client.get(SEARCH, {"q": "found teapot"}).context["results"]

    assert list(results) == []


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
    # 1. the matching codes, ranked, 2. the matching guides
    with django_assert_num_queries(2):
        client.get(SEARCH, {"q": "found"})
