"""What a person does on the site, in a real browser (Debian's Chromium through Playwright)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_browse_home_then_class_then_code(page, content):
    page.goto("/")
    expect(page.locator("h1")).to_have_text("HTTP 상태 코드")

    page.locator("#class-4 a").click()
    expect(page).to_have_url(re.compile(r"/4xx/$"))

    page.get_by_role("link", name=re.compile(r"^404 Not Found")).click()
    expect(page).to_have_url(re.compile(r"/404/$"))
    expect(page.locator(".subtitle")).to_have_text("찾을 수 없음")


def test_find_429_in_three_keystrokes_then_read_it_in_both_languages(page, content):
    page.goto("/")
    page.keyboard.press("/")  # the page takes no focus on load; "/" goes to the search box
    page.keyboard.type("429")

    visible = page.locator(".code-card:visible")
    expect(visible).to_have_count(1)
    expect(visible).to_contain_text("Too Many Requests")

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/429/$"))
    expect(page.locator(".subtitle")).to_have_text("요청이 너무 많음")

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(re.compile(r"/en/429/$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Try it")).to_be_visible()
    expect(page.locator("pre.snippet code").first).to_have_text(
        re.compile(r"^curl -i http://.+/try/429/$")
    )

    page.get_by_role("link", name="한국어").click()
    expect(page).to_have_url(re.compile(r"/429/$"))
    expect(page.locator("html")).to_have_attribute("lang", "ko")


def test_search_by_number_and_by_korean_word(page, content):
    page.goto("/4xx/")
    page.keyboard.press("/")
    page.keyboard.type("418")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/418/$"))

    page.get_by_role("searchbox").fill("권한")
    page.get_by_role("button", name="검색").click()
    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(page.get_by_role("link", name=re.compile(r"^403 Forbidden"))).to_be_visible()
    expect(page.locator("mark").first).to_have_text("권한")


def test_instant_filter_on_the_home_page(page, content):
    page.goto("/")
    page.get_by_role("searchbox").fill("리다이렉트")
    expect(page.locator("[data-filter-results]")).to_have_attribute("data-answered", "리다이렉트")

    cards = page.locator(".code-card:visible")
    expect(cards.first).to_be_visible()
    shown = set(cards.locator(".code-number").all_inner_texts())
    assert {"301", "302", "307", "308"} <= shown and "200" not in shown

    page.get_by_role("searchbox").fill("없는단어입니다")
    expect(page.locator("[data-filter-empty]")).to_be_visible()


def test_the_try_it_line_really_answers(page, content, live_server):
    page.goto("/503/")
    curl_line = page.locator("pre.snippet code").first.inner_text()
    url = curl_line.removeprefix("curl -i ")

    response = page.request.get(url)

    assert response.status == 503
    assert response.headers["retry-after"] == "120"


def test_keyboard_only(page, content):
    page.goto("/404/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="본문으로 건너뛰기")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()

    for _ in range(300):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.rel") == "next":
            break
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/405/$"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("path", ["/", "/4xx/", "/429/", "/499/", "/search/?q=권한", "/999/"])
def test_accessibility_audit_finds_no_violations(page, content, scheme, prefix, path):
    page.emulate_media(color_scheme=scheme)
    page.goto(prefix + path)

    results = Axe().run(page)

    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [360, 768, 1280])
@pytest.mark.parametrize("path", ["/", "/en/4xx/", "/en/422/"])
def test_layout_fits_phone_tablet_and_desktop(page, content, width, path):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(path)

    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator(".brand").bounding_box()["height"] < 40  # one line, never squeezed
    search = page.locator(".search-form").bounding_box()
    assert search["width"] >= min(width - 40, 300)
