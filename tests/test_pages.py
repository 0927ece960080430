import re

import pytest
from django.urls import reverse

from statuses.models import CodeComparison

from .conftest import make_code, make_usage

pytestmark = pytest.mark.database


@pytest.fixture
def many_codes(sample_codes):
    """Extra codes, to show that query counts do not grow with the number of codes."""
    for code in range(420, 430):
        make_code(code)
    return sample_codes


def test_home_lists_every_code_grouped_by_class(client, sample_codes):
    response = client.get(reverse("statuses:home"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "클라이언트 오류" in html
    for code in (200, 404, 410, 418, 499):
        assert reverse("statuses:detail", args=[code]) in html
    assert html.index("/200/") < html.index("/404/")


def test_home_marks_unofficial_codes(client, sample_codes):
    html = client.get(reverse("statuses:home")).content.decode()

    assert re.search(r'class="code-card c4 unofficial"[^>]*>\s*<a href="/499/">', html)
    assert re.search(r'class="code-card c4"[^>]*>\s*<a href="/404/">', html)


def test_class_page_shows_its_codes_only(client, sample_codes):
    response = client.get(reverse("statuses:class", args=[4]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "4xx" in html and "클라이언트 오류 설명" in html
    assert "요청한 리소스를 찾을 수 없습니다." in html
    assert 'href="/200/"' not in html


def test_detail_page_shows_what_the_model_holds(client, sample_codes):
    response = client.get(reverse("statuses:detail", args=[404]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>404 Not Found — 찾을 수 없음" in html
    assert "<strong>해당 리소스</strong>" in html
    assert 'href="https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5"' in html
    assert "HTTPStatus.<wbr>NOT_<wbr>FOUND" in html
    assert "HTTP_404_NOT_FOUND" in html
    assert "raise Http404" in html
    # Related codes, and the neighbours in the list of all codes.
    assert 'href="/410/"' in html and 'href="/499/"' in html
    assert 'rel="prev" href="/200/"' in html
    assert 'rel="next" href="/410/"' in html


def test_related_codes_are_symmetric(client, sample_codes):
    html = client.get(reverse("statuses:detail", args=[410])).content.decode()

    assert "관련 코드" in html
    assert 'href="/404/"><span class="code-number">404' in html


def test_unofficial_code_page_says_it_is_not_registered(client, sample_codes):
    html = client.get(reverse("statuses:detail", args=[499])).content.decode()

    assert "IANA" in html
    assert "nginx: Client Closed Request" in html
    assert 'href="https://nginx.org/en/docs/http/ngx_http_core_module.html"' in html


HELPFUL_404S = {
    "/419/": "419 코드는 이 사이트에서 다루지 않습니다.",
    "/999/": "999 같은 숫자는 HTTP 상태 코드가 될 수 없습니다.",
    "/600/": "600 같은 숫자는 HTTP 상태 코드가 될 수 없습니다.",
    "/9xx/": "이 주소에는 페이지가 없습니다.",
    "/4xx/extra/": "이 주소에는 페이지가 없습니다.",
    "/nothing/": "이 주소에는 페이지가 없습니다.",
}


@pytest.mark.parametrize(("path", "explanation"), HELPFUL_404S.items(), ids=list(HELPFUL_404S))
def test_unknown_pages_answer_a_helpful_404(client, sample_codes, path, explanation):
    response = client.get(path)
    html = response.content.decode()

    assert response.status_code == 404
    assert "페이지를 찾을 수 없음" in html
    assert explanation in html
    # The way on: the full list and the page about 404 itself.
    assert 'href="/">' in html and 'href="/404/">' in html


def test_404_for_an_unassigned_code_points_to_its_neighbours(client, sample_codes):
    html = client.get("/419/").content.decode()

    assert "419" in html
    assert 'href="/418/"' in html and 'href="/499/"' in html


def test_404_for_a_number_outside_the_range_explains_the_range(client, sample_codes):
    html = client.get("/999/").content.decode()

    assert "상태 코드는 100부터 599까지의 세 자리 숫자입니다." in html


def test_missing_class_row_answers_404(client, db):
    assert client.get(reverse("statuses:class", args=[4])).status_code == 404


def test_markdown_cannot_inject_script(client, sample_codes):
    sample_codes[
        404
    ].description_ko = 'x <script>alert(1)</script> <a href="javascript:alert(1)">y</a>'
    sample_codes[404].save()

    html = client.get(reverse("statuses:detail", args=[404])).content.decode()

    assert "<script>alert" not in html
    assert "javascript:" not in html


def test_home_query_count_does_not_grow_with_codes(client, many_codes, django_assert_num_queries):
    # 1. the classes, 2. all their codes (prefetched), 3. the guides
    with django_assert_num_queries(3):
        client.get(reverse("statuses:home"))


def test_class_page_query_count(client, many_codes, django_assert_num_queries):
    # 1. the class, 2. its codes (prefetched)
    with django_assert_num_queries(2):
        client.get(reverse("statuses:class", args=[4]))


def test_detail_page_query_count(client, many_codes, django_assert_num_queries):
    # 1. the code with its class, 2. related codes, 3. vendor usages; the first page after a
    # change also reads the tables kept per content version: 4. the documented code numbers (the
    # neighbours), 5. the comparisons, 6. the caching guide's cells
    with django_assert_num_queries(6):
        client.get(reverse("statuses:detail", args=[404]))
    with django_assert_num_queries(3):
        client.get(reverse("statuses:detail", args=[410]))
    many_codes[418].save()
    with django_assert_num_queries(6):
        client.get(reverse("statuses:detail", args=[418]))


def test_detail_page_links_the_neighbouring_codes_as_they_are(client, sample_codes):
    html = client.get(reverse("statuses:detail", args=[404])).content.decode()
    assert 'rel="prev" href="/200/"' in html and 'rel="next" href="/410/"' in html
    sample_codes[410].delete()
    html = client.get(reverse("statuses:detail", args=[404])).content.decode()
    assert 'rel="next" href="/418/"' in html
    html = client.get(reverse("statuses:detail", args=[200])).content.decode()
    assert 'rel="prev"' not in html and 'rel="next" href="/404/"' in html


def test_related_codes_show_the_one_line_difference(client, sample_codes):
    korean = client.get(reverse("statuses:detail", args=[410])).content.decode()
    english = client.get("/en" + reverse("statuses:detail", args=[410])).content.decode()

    assert "404는 없다는 것만, 410은 영구히 사라졌다는 것까지 알립니다." in korean
    assert "404 only says it is missing; 410 says it is gone for good." in english


def test_an_edited_difference_shows_on_the_next_page(client, sample_codes):
    client.get(reverse("statuses:detail", args=[410]))
    comparison = CodeComparison.objects.get(first=404, second=410)
    comparison.note_ko = "404는 잠시, 410은 영영."
    comparison.save()

    html = client.get(reverse("statuses:detail", args=[410])).content.decode()
    assert "404는 잠시, 410은 영영." in html


def test_related_codes_without_a_note_show_their_summary(client, sample_codes):
    html = client.get(reverse("statuses:detail", args=[499])).content.decode()

    assert "요청한 리소스를 찾을 수 없습니다." in html


def test_vendor_meanings_list_the_originating_vendor_first(client, sample_codes):
    make_usage(
        sample_codes[499],
        "Cloudflare",
        name="Client Closed Request",
        description_ko="Cloudflare도 같은 뜻으로 씁니다.",
    )
    sample_codes[499].originating_vendor = "nginx"
    sample_codes[499].save()

    html = client.get(reverse("statuses:detail", args=[499])).content.decode()

    assert html.index("<h3>nginx") < html.index("<h3>Cloudflare")
    # An unofficial code leads with its vendor meanings, before its own description.
    assert html.index('id="vendors-title"') < html.index('id="about-title"')


def test_english_pages_label_the_korean_title(client, sample_codes):
    english = client.get("/en/404/").content.decode()
    korean = client.get("/404/").content.decode()

    assert (
        '<span class="subtitle-label">Korean name</span> <span lang="ko">찾을 수 없음</span>'
        in english
    )
    assert "subtitle-label" not in korean


def test_code_blocks_are_labelled_focusable_regions_with_a_copy_button(client, sample_codes):
    html = client.get(reverse("statuses:detail", args=[404])).content.decode()

    assert (
        '<pre class="snippet" id="try-code" tabindex="0" role="region" aria-label="curl 명령">'
        in html
    )
    assert 'data-copy="try-code"' in html and 'data-copy="django-code"' in html


def test_a_code_typed_with_a_digit_too_many_suggests_the_code(client, sample_codes):
    make_code(400)
    make_code(440)

    html = client.get("/4040/").content.decode()

    suggested = html.split("<h2>이 코드를 찾으셨습니까?</h2>", 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'href="/(\d+)/"', suggested) == ["404", "400", "440"]  # its start first


def test_a_vendors_own_number_leads_to_its_entry(client, sample_codes):
    make_usage(make_code(403), "Cloudflare", vendor_code="1020", name="Access denied")

    html = client.get("/1020/").content.decode()

    assert 'href="/403/#cloudflare-1020"' in html
    assert 'id="cloudflare-1020"' in client.get("/403/").content.decode()
    assert "이 코드를 찾으셨습니까?" not in html  # not 102 or 100: the number is Cloudflare's


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_a_sub_status_address_leads_to_its_entry(client, sample_codes, prefix):
    make_usage(
        sample_codes[404], "Microsoft IIS", vendor_code="404.13", name="Content length too large"
    )

    response = client.get(f"{prefix}/404.13/")

    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/404/#microsoft-iis-40413"
    assert 'id="microsoft-iis-40413"' in client.get(f"{prefix}/404/").content.decode()


def test_an_unknown_sub_status_says_so_and_leads_to_its_status(client, sample_codes):
    response = client.get("/404.99/")
    html = response.content.decode()

    assert response.status_code == 404
    assert "404.99" in html
    assert 'href="/404/"><span class="code-number">404' in html


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # 1. the code (the code page's own query), 2. the code just below, 3. just above
        ("/419/", 3),
        # 1. a vendor's code of that number, 2. the codes one digit shorter
        ("/4040/", 2),
        # 1. the sub-status (the view's own query), 2. its status
        ("/404.99/", 2),
        ("/nothing/", 0),
    ],
)
def test_the_404_page_query_counts(client, sample_codes, django_assert_num_queries, path, queries):
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 404
