"""The guides in a real browser (Debian's Chromium): without JavaScript, on a phone, on paper."""

import re

import pytest
from playwright.sync_api import expect

from statuses.models import GuideFact

from .browser_checks import FIND_BROKEN_WORDS
from .guide_measuring import (
    CHROMIUM_SUBJECTS,
    compare,
    measured_facts,
    redirect_observed,
    request_log,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def no_script_page(chromium, live_server, transactional_db):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    yield context.new_page()
    context.close()


def test_from_the_home_page_to_the_django_line_without_javascript(no_script_page, content):
    page = no_script_page
    page.goto("/")
    page.get_by_role("link", name="어떤 상태 코드를 보내야 할까?").click()
    expect(page).to_have_url(re.compile(r"/guides/which-status/$"))

    decision = page.locator(".decision")
    decision.get_by_role("link", name="클라이언트의 요청에 문제가 있습니다").click()
    expect(page).to_have_url(re.compile(r"/guides/which-status/client/$"))
    page.get_by_role("link", name="인증이나 권한 문제입니다").click()
    expect(page).to_have_url(re.compile(r"/guides/which-status/auth/$"))
    page.get_by_role("link", name=re.compile("이 작업은 허락할 수 없습니다")).click()

    expect(page).to_have_url(re.compile(r"/403/#django-title$"))
    expect(page.locator("#django-title")).to_be_in_viewport()
    expect(page.get_by_text("status=status.HTTP_403_FORBIDDEN")).to_be_visible()

    page.go_back()
    expect(page).to_have_url(re.compile(r"/guides/which-status/auth/$"))
    expect(page.locator("h1")).to_have_text("누가 요청했는지가 문제입니까?")


def test_the_same_walk_in_english(no_script_page, content):
    page = no_script_page
    page.goto("/en/")
    page.get_by_role("link", name="Which status should I send?").click()
    decision = page.locator(".decision")
    decision.get_by_role("link", name="The server or a service behind it failed").click()
    page.get_by_role("link", name=re.compile("did not answer in time")).click()

    expect(page).to_have_url(re.compile(r"/en/504/#django-title$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")


GUIDES = ["/guides/which-status/", "/guides/redirects/", "/guides/caching/"]


@pytest.mark.parametrize("path", GUIDES)
def test_guides_fit_a_phone_screen(no_script_page, content, path):
    page = no_script_page
    page.goto(path)

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # wide tables scroll inside their own box


TABLE_GUIDES = ["/guides/redirects/", "/guides/caching/"]


def test_guide_tables_on_a_phone_keep_words_whole_and_their_row_headings_in_view(reader):
    for path in [prefix + guide for guide in TABLE_GUIDES for prefix in ("", "/en")]:
        reader.goto(path)
        for width in (320, 375):
            reader.set_viewport_size({"width": width, "height": 800})
            cells = ".fact-table caption, .fact-table th, .fact-table td"
            broken = reader.evaluate(FIND_BROKEN_WORDS, cells)
            assert broken == [], f"{path} at {width} px: {broken}"

    reader.goto("/guides/redirects/")
    reader.set_viewport_size({"width": 320, "height": 800})
    region = reader.get_by_role("region", name="본문이 있는 POST를 리다이렉트하면")
    region.evaluate("(region) => { region.scrollLeft = region.scrollWidth; }")
    assert region.evaluate("(region) => region.scrollLeft") > 50
    left = region.bounding_box()["x"]
    row_heading = region.get_by_role("rowheader", name="브라우저(Fetch 표준)")
    assert abs(row_heading.bounding_box()["x"] - left) < 2  # still at the left edge
    assert abs(region.locator("caption").bounding_box()["x"] - left) < 2


def test_a_guide_prints_without_the_site_chrome(page, content):
    page.goto("/guides/caching/")
    page.emulate_media(media="print")

    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("#cache-default table")).to_be_visible()
    assert page.locator("#cache-default tbody tr").count() == 20
    assert len(page.pdf()) > 10_000


A4_LESS_MARGINS = 680  # 210 mm at 96 px per inch, less the style sheet's 1.5 cm margins


def test_every_guide_table_fits_an_a4_page_in_print(reader):
    reader.emulate_media(media="print")
    reader.set_viewport_size({"width": A4_LESS_MARGINS, "height": 1000})
    for path in TABLE_GUIDES:
        reader.goto(path)
        widths = reader.locator(".fact-table table").evaluate_all(
            "(tables) => tables.map((table) => [table.closest('section').id, table.scrollWidth])"
        )
        assert len(widths) >= 3
        assert [key for key, width in widths if width > A4_LESS_MARGINS] == [], path
        assert reader.evaluate("document.documentElement.scrollWidth") <= A4_LESS_MARGINS


SUBMIT_FORM = """url => {
    const form = document.createElement("form");
    form.method = "post";
    form.action = url;
    const field = document.createElement("input");
    field.name = "probe";
    field.value = "1";
    form.append(field);
    document.body.append(form);
    form.submit();
}"""
FETCH_POST = """url => fetch(url, {
    method: "POST",
    body: "probe=1",
    headers: {"Content-Type": "application/x-www-form-urlencoded"},
}).then(response => response.status)"""


def test_chromium_redirects_a_post_as_the_redirect_guide_says(page, content):
    """The redirect guide's Chromium rows: a form POST and fetch(), with the body probe=1."""

    def measure(fact):
        url = f"/try/{fact.code_id}/"
        page.goto("/")
        with request_log() as log:
            if fact.subject == "fetch() in Chromium":
                page.evaluate(FETCH_POST, url)
            else:
                # The redirect ends on the code's page, or on Chromium's error page where the
                # target answers the POST with an empty 405. Wait for that page to commit:
                # closing a tab as a page commits can hang Chromium (crbug.com/536385539).
                final_page = re.compile(rf"/{fact.code_id}/$|^chrome-error:")
                with page.expect_event(
                    "framenavigated", lambda frame: bool(final_page.search(frame.url))
                ):
                    page.evaluate(SUBMIT_FORM, url)
        assert log.to(url), "Chromium never reached /try/"
        return redirect_observed(log, fact.code_id, len(b"probe=1"))

    facts = measured_facts(GuideFact.Table.REDIRECT_METHOD)
    facts = [fact for fact in facts if fact.subject in CHROMIUM_SUBJECTS]
    assert len(facts) == 10
    assert compare(facts, measure) == []
