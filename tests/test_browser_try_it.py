"""Try-it in a real browser (Debian's Chromium): what a code page says happens, happens."""

import re

import pytest
from playwright.sync_api import expect

from statuses.models import FOLLOWED_REDIRECTS, WITHOUT_CONTENT
from statuses.views.tryit import in_a_browser

pytestmark = pytest.mark.browser


def open_try_link(page, code, ends="requestfinished"):
    """Follow the code page's try-it link, until its request ``ends`` (a navigation the
    browser drops ends in requestfailed: Chromium aborts it)."""
    page.goto(f"/{code}/")
    page.evaluate("window.stillHere = true")  # gone if another document replaces this one
    with page.expect_event(ends, lambda request: request.url.endswith(f"/try/{code}/")):
        page.locator("a.try-link").click()


@pytest.mark.parametrize("code", sorted(WITHOUT_CONTENT))
def test_where_the_page_says_nothing_happens_the_browser_stays(reader, code):
    assert in_a_browser(code) == "stays"
    reader.goto(f"/{code}/")
    expect(reader.locator("#try-warning")).to_contain_text("보던 페이지를 그대로")

    open_try_link(reader, code, ends="requestfailed")

    # The answer has come and gone, and the page is the one the reader was on.
    assert reader.evaluate("window.stillHere") is True
    expect(reader).to_have_url(re.compile(rf"/{code}/$"))


@pytest.mark.parametrize("code", sorted(FOLLOWED_REDIRECTS))
def test_where_the_page_says_you_land_back_the_browser_follows_location_here(reader, code):
    assert in_a_browser(code) == "returns"
    reader.goto(f"/{code}/")
    expect(reader.locator("#try-warning")).to_contain_text("이 페이지로 돌아옵니다")

    with reader.expect_navigation(url=re.compile(rf"/{code}/$")):
        open_try_link(reader, code)

    assert reader.evaluate("window.stillHere") is None  # a new load of the same page
    expect(reader.locator("h1")).to_contain_text(str(code))


def test_other_codes_show_the_small_page_in_the_language_of_the_link(reader):
    for code in (300, 404):  # Chromium shows a 300's page rather than follow its Location
        assert in_a_browser(code) == "page"
        with reader.expect_navigation(url=re.compile(rf"/try/{code}/$")):
            open_try_link(reader, code)
        expect(reader.locator("h1")).to_contain_text(str(code))

    reader.get_by_role("link", name="English").click()
    expect(reader).to_have_url(re.compile(r"/en/try/404/$"))
    expect(reader.locator("html")).to_have_attribute("lang", "en")
    expect(
        reader.get_by_role("link", name="Back to 404 Not Found in the reference")
    ).to_be_visible()


def test_an_interim_code_offers_its_curl_line_and_no_link(reader):
    assert in_a_browser(100) == "interim"
    reader.goto("/en/100/")

    try_section = reader.locator("section", has=reader.locator("#try-title"))
    expect(try_section).to_contain_text("answers 400 Bad Request instead of 100")
    expect(try_section.get_by_role("region", name="curl command")).to_contain_text("/en/try/100/")
    expect(try_section.locator("a.try-link")).to_have_count(0)
    reader.goto("/en/try/100/")  # what the curl line gets, as a page
    expect(reader.locator("h1")).to_have_text("400 Bad Request")
