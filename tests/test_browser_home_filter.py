"""The home page's filter is the search page's answer, shown as one types (Debian's Chromium)."""

import re
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from .browser_checks import layout_problems

pytestmark = pytest.mark.browser

# Typed into the home page's box, and sent to /search/: the same codes and guides, in the same
# order. Typos, words run together, verb endings, words only the descriptions hold, numbers.
SAME_AS_SEARCH = {
    "": [
        "HTTP 429",
        "에러코드 401",
        "unathorized",
        "인증 실페",
        "잘못된요청",
        "배드게이트웨이",
        "서버점검중",
        "요청이 너무 많아요",
        "리다이렉트가 너무 많음",
        "로그인",
        "멱등",
        "42",
    ],
    "/en": [
        "HTTP 429",
        "unathorized",
        "bad gateway",
        "too many redirects",
        "CORS preflight",
        "gunicorn",
        "login",
        "upstream timed out (110: Connection timed out)",
    ],
}
RESULTS = "[data-filter-results]"


def answered(page, query):
    """Wait until the filter shows its answer to ``query`` (as typed, spaces aside)."""
    expect(page.locator(RESULTS)).to_have_attribute("data-answered", " ".join(query.split()))


def shown(page):
    """The codes and guides the filter shows, in order."""
    results = page.locator(RESULTS)
    codes = [int(code) for code in results.locator(".code-card .code-number").all_inner_texts()]
    guides = [item.get_attribute("data-guide") for item in results.locator("[data-guide]").all()]
    return codes, guides


@contextmanager
def searches_asked(page):
    """The addresses of the filter's requests to the search, while the block runs."""
    asked = []

    def note(request):
        if "/api/search/" in request.url:
            asked.append(request.url)

    page.on("request", note)
    try:
        yield asked
    finally:
        page.remove_listener("request", note)


def search_page(page, prefix, query):
    """The codes and guides /search/ lists for ``query``, or the code page it goes to."""
    response = page.request.get(f"{prefix}/search/?{urlencode({'q': query})}", max_redirects=0)
    if response.status == 302:
        return [int(re.search(r"/(\d{3})/$", response.headers["location"])[1])], []
    html = response.text()
    codes = re.findall(rf'<li class="code-row[^"]*">\s*<a href="{prefix}/(\d{{3}})/"', html)
    guides = []
    if 'class="guide-list"' in html:
        listing = html.split('class="guide-list"', 1)[1].split("</section>", 1)[0]
        guides = re.findall(r'href="[^"]*/guides/([a-z-]+)/"', listing)
    return [int(code) for code in codes], guides


@pytest.mark.parametrize("prefix", SAME_AS_SEARCH)
def test_the_filter_answers_as_the_search_page_does(reader, prefix):
    reader.goto(prefix + "/")
    box = reader.get_by_role("searchbox")

    for query in SAME_AS_SEARCH[prefix]:
        box.fill(query)
        answered(reader, query)

        assert shown(reader) == search_page(reader, prefix, query), query
        assert shown(reader)[0], query  # every query here has an answer


def test_the_answer_overflows_nothing_and_axe_finds_nothing(reader):
    """At every width in both schemes; axe at the narrowest and the widest."""
    found = []
    # A guide, codes, the notice that not every word matched; then nothing found.
    for prefix, query in [
        ("", "리다이렉트가 너무 많음"),
        ("/en", "redirect teapot"),
        ("/en", "zzqxv"),
    ]:
        reader.goto(f"{prefix}/?{urlencode({'q': query})}")
        answered(reader, query)
        found += layout_problems(reader, f"{prefix}/?q={query}")
    assert found == []


def test_typing_asks_the_server_once_per_pause_and_never_twice_for_one_query(reader):
    reader.goto("/en/")
    reader.get_by_role("searchbox").click()

    with searches_asked(reader) as asked:
        reader.keyboard.type("timeout", delay=40)
        answered(reader, "timeout")
        first = shown(reader)
        for _ in "out":
            reader.keyboard.press("Backspace", delay=40)
        answered(reader, "time")
        reader.keyboard.type("out", delay=40)
        answered(reader, "timeout")

    assert [url.split("?q=")[1] for url in asked] == ["timeout", "time"]
    assert shown(reader) == first and set(first[0][:2]) == {408, 504}


def test_hangul_is_sent_only_once_composed_and_the_count_is_announced(reader):
    reader.goto("/")
    total = reader.locator(".code-card").count()
    reader.get_by_role("searchbox").focus()
    session = reader.context.new_cdp_session(reader)

    with searches_asked(reader) as asked:
        # An input method composes "권한" keystroke by keystroke: ㄱ, 궈, 권, 권ㅎ, 권하, 권한.
        for partial in ["ㄱ", "궈", "권", "권ㅎ", "권하", "권한"]:
            session.send(
                "Input.imeSetComposition",
                {"text": partial, "selectionStart": len(partial), "selectionEnd": len(partial)},
            )
            expect(reader.locator(".code-card:visible")).to_have_count(total)  # never blanks
        session.send("Input.insertText", {"text": "권한"})  # the composition ends
        answered(reader, "권한")
    session.detach()

    codes, _guides = shown(reader)
    assert codes[0] == 403 and len(codes) < total
    assert len(asked) == 1 and asked[0].endswith("?q=%EA%B6%8C%ED%95%9C")
    status = reader.locator("[data-filter-status]")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text(f"코드 {len(codes)}개가 맞습니다.")
    expect(reader).to_have_url(re.compile(r"/\?q=%EA%B6%8C%ED%95%9C$"))


@pytest.mark.parametrize("query", ["timeout", "too many redirects"])
def test_on_a_phone_the_first_answer_is_in_view_while_typing(reader, query):
    reader.set_viewport_size({"width": 375, "height": 667})
    reader.goto("/en/")
    reader.get_by_role("searchbox").click()
    first = reader.locator(f"{RESULTS} li").first
    half = len(query) // 2

    for typed, so_far in [(query[:half], query[:half]), (query[half:], query)]:
        reader.keyboard.type(typed, delay=30)
        answered(reader, so_far)
        box = first.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= 667, (so_far, box)


def test_typed_from_further_down_the_answer_comes_into_view(reader):
    reader.set_viewport_size({"width": 375, "height": 667})
    reader.goto("/")
    reader.locator(".class-section").last.scroll_into_view_if_needed()
    assert reader.evaluate("window.scrollY") > 2000

    reader.keyboard.press("/")
    reader.keyboard.type("429")
    answered(reader, "429")

    box = reader.locator(f"{RESULTS} .code-card").first.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 667


def test_the_language_switch_keeps_the_query(reader):
    reader.goto("/")
    reader.get_by_role("searchbox").fill("timeout")
    answered(reader, "timeout")
    korean = shown(reader)

    reader.get_by_role("link", name="English").click()

    expect(reader).to_have_url(re.compile(r"/en/\?q=timeout$"))
    expect(reader.get_by_role("searchbox")).to_have_value("timeout")
    answered(reader, "timeout")
    assert shown(reader) == korean
    reader.get_by_role("searchbox").fill("")
    expect(reader.get_by_role("link", name="한국어")).to_have_attribute("href", "/")


def test_back_restores_the_filter(reader):
    reader.goto("/")
    expect(reader.get_by_role("searchbox")).not_to_be_focused()  # no focus stolen on load
    reader.get_by_role("searchbox").fill("timeout")
    answered(reader, "timeout")
    before = shown(reader)

    reader.locator(f"{RESULTS} .code-card a").first.click()
    expect(reader).to_have_url(re.compile(rf"/{before[0][0]}/$"))
    reader.go_back()

    expect(reader.get_by_role("searchbox")).to_have_value("timeout")
    answered(reader, "timeout")
    assert shown(reader) == before


def test_nothing_found_links_to_the_search_page(reader):
    reader.goto("/en/")
    reader.get_by_role("searchbox").fill("zzqxv")

    empty = reader.locator("[data-filter-empty]")
    expect(empty).to_be_visible()
    expect(reader.locator(RESULTS)).to_be_hidden()
    empty.get_by_role("link").click()
    expect(reader).to_have_url(re.compile(r"/en/search/\?q=zzqxv$"))
    expect(reader.locator(".empty-state")).to_contain_text("zzqxv")


def test_without_javascript_the_box_submits_to_the_search_page(
    chromium, live_server, transactional_db, content
):
    context = chromium.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    with override_settings(SITE_URL=live_server.url):
        page.goto("/")
        page.get_by_role("searchbox").fill("gateway timeout")
        page.keyboard.press("Enter")

        expect(page).to_have_url(re.compile(r"/search/\?q=gateway\+timeout$"))
        expect(page.locator(".code-row").first).to_contain_text("504")
    context.close()
