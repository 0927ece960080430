"""The guides in a real browser (Debian's Chromium): without JavaScript, on a phone, on paper."""

import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from statuses.models import GuideFact

from . import ports
from .browser_checks import FIND_BROKEN_WORDS
from .guide_measuring import (
    AUTHORIZATION,
    OTHER_METHODS,
    authorization_kept,
    chromium_facts,
    compare,
    hops_followed,
    other_methods_observed,
    plain_origin,
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
    region = reader.get_by_role("region", name="본문이 있는 POST를 리다이렉트할 때: 다음 요청")
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
    rows = GuideFact.objects.filter(table="cache-default").values("code").distinct().count()
    assert page.locator("#cache-default tbody tr").count() == rows
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
        return redirect_observed(log, fact.code_id)

    facts = chromium_facts(GuideFact.Table.REDIRECT_METHOD)
    assert len(facts) == 10
    assert compare(facts, measure) == []


@pytest.fixture(scope="module")
def plain(live_server, tmp_path_factory):
    """The live server with no caching header (``?told=N``: ``max-age=N``), see guide_measuring."""
    site_port = urlsplit(live_server.url).port
    tmp = tmp_path_factory.mktemp("plain-origin")
    with plain_origin(site_port, ports.BROWSER_GUIDES, tmp) as url:
        yield url


@pytest.fixture
def plain_page(chromium, plain, transactional_db, content, settings):
    """A fresh Chromium (an empty HTTP cache) on a page of the plain origin."""
    settings.SITE_URL = plain  # /try/'s Location leads back through the plain origin
    context = chromium.new_context(base_url=plain)
    page = context.new_page()
    page.goto("/robots.txt")
    yield page
    context.close()


FETCH_TWICE = """async url => {
    for (let i = 0; i < 2; i++) {
        try { await (await fetch(url)).arrayBuffer(); } catch (error) {}
    }
}"""


def reused_by_chromium(page, code, query):
    """Whether Chromium's HTTP cache answered a second fetch() of /try/<code>/ by itself."""
    with request_log() as log:
        page.evaluate(FETCH_TWICE, f"/try/{code}/?{query}")
    reached = len(log.to(f"/try/{code}/", query))
    return {1: "yes", 2: "no"}.get(reached, f"reached the site {reached} times")


def test_chromium_reuses_exactly_the_responses_the_caching_guide_says(plain_page):
    def measure(fact):
        return reused_by_chromium(plain_page, fact.code_id, "via=chromium")

    facts = chromium_facts(GuideFact.Table.CACHE_DEFAULT, "Chromium")
    assert compare(facts, measure) == []


def test_chromium_reuses_the_must_not_store_codes_told_max_age_as_the_guide_says(plain_page):
    def measure(fact):
        return reused_by_chromium(plain_page, fact.code_id, "via=chromium&told=600")

    facts = chromium_facts(GuideFact.Table.CACHE_MUST_NOT_STORE, "Chromium")
    assert compare(facts, measure) == []


def test_chromium_remembers_the_redirects_the_redirect_guide_says(plain_page):
    def measure(fact):
        return reused_by_chromium(plain_page, fact.code_id, "via=redirect-cache")

    facts = chromium_facts(GuideFact.Table.REDIRECT_CACHE, "fetch() in Chromium")
    assert compare(facts, measure) == []


FETCH_WITH = """([url, method]) => fetch(url, {
    method,
    body: method === "DELETE" ? undefined : "probe=1",
    headers: {"Content-Type": "application/x-www-form-urlencoded"},
}).then(response => response.status, error => String(error))"""


def test_chromium_redirects_put_patch_and_delete_as_the_redirect_guide_says(page, content):
    def measure(fact):
        url = f"/try/{fact.code_id}/"
        observed = {}
        for method in OTHER_METHODS:
            with request_log() as log:
                page.evaluate(FETCH_WITH, [url, method])
            assert log.to(url), f"Chromium never reached /try/ with {method}"
            observed[method] = redirect_observed(log, fact.code_id, method)
        return other_methods_observed(observed)

    page.goto("/robots.txt")
    facts = chromium_facts(GuideFact.Table.REDIRECT_OTHER_METHODS, "fetch() in Chromium")
    assert compare(facts, measure) == []


FETCH_ONCE = "url => fetch(url).then(response => response.status, error => String(error))"


def test_chromium_gives_up_after_as_many_redirects_as_the_redirect_guide_says(
    page, content, settings
):
    settings.ROOT_URLCONF = "tests.hops"

    def measure(fact):
        with request_log() as log:
            page.evaluate(FETCH_ONCE, "/hop/0/")
        return hops_followed(log)

    page.goto("/robots.txt")
    facts = chromium_facts(GuideFact.Table.REDIRECT_LIMIT, "fetch() in Chromium")
    assert compare(facts, measure) == []


def other_origin(url):
    """The same server under its other loopback name (the live server's URL says localhost)."""
    parts = urlsplit(url)
    other = "127.0.0.1" if parts.hostname == "localhost" else "localhost"
    return f"{parts.scheme}://{other}:{parts.port}"


FETCH_AUTHORIZED = """([url, authorization]) => fetch(url, {
    headers: {Authorization: authorization},
}).then(response => response.status, error => String(error))"""


def test_chromium_sends_authorization_across_origins_as_the_redirect_guide_says(
    chromium, live_server, transactional_db, content, settings
):
    # The redirect points at the same server under another host name: another origin. The
    # site's own Content-Security-Policy (connect-src 'self') would stop the page's fetch() at
    # the other origin before any request: the context sets it aside, the network rules stay.
    settings.SITE_URL = other_origin(live_server.url)
    context = chromium.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.goto("/robots.txt")

    def measure(fact):
        url = f"/try/{fact.code_id}/"
        with request_log() as log:
            page.evaluate(FETCH_AUTHORIZED, [url, AUTHORIZATION])
        assert log.to(url)[0].authorization == AUTHORIZATION
        return authorization_kept(log, fact.code_id)

    facts = chromium_facts(GuideFact.Table.REDIRECT_AUTHORIZATION, "fetch() in Chromium")
    try:
        assert compare(facts, measure) == []
    finally:
        context.close()
