"""Finding and reading on phones and desktops, in a real browser (Debian's Chromium)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

READING_PAGES = ["/", "/404/", "/429/", "/499/", "/search/?q=권한", "/try/429/"]

# Every element whose box sticks out of its parent's or whose content sticks out of its own box,
# outside scrolling regions (which are labelled and focusable, and show that they scroll), and
# the page wider than the screen.
FIND_OVERFLOW = """() => {
  const scrolls = (element) => ["auto", "scroll"].includes(getComputedStyle(element).overflowX);
  const found = [];
  if (document.documentElement.scrollWidth > window.innerWidth) {
    found.push(`page ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
  }
  for (const element of document.querySelectorAll("body *")) {
    if (element.closest(".skip-link, .visually-hidden, [hidden]")) continue;
    const box = element.getBoundingClientRect();
    const parent = element.parentElement;
    if (!box.width || !box.height || !parent) continue;
    let ancestor = parent;
    let inScroller = false;
    while (ancestor && ancestor !== document.body) {
      if (scrolls(ancestor)) inScroller = true;
      ancestor = ancestor.parentElement;
    }
    if (inScroller) continue;
    if (element.clientWidth && element.scrollWidth > element.clientWidth + 1) {
      const name = `${element.tagName.toLowerCase()}.${element.className}`;
      const region = element.tabIndex === 0 && element.getAttribute("aria-label");
      if (!scrolls(element)) {
        found.push(`${name} "${element.textContent.trim().slice(0, 30)}" overflows itself`);
      } else if (!region) {
        found.push(`${name} scrolls but is not a labelled, focusable region`);
      }
    }
    const outer = parent.getBoundingClientRect();
    const over = Math.max(box.right - outer.right, outer.left - box.left);
    if (over > 1) {
      const name = `${element.tagName.toLowerCase()}.${element.className}`;
      found.push(`${name} "${element.textContent.trim().slice(0, 30)}" by ${Math.round(over)}px`);
    }
  }
  return found;
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("width", [320, 375, 1280])
def test_nothing_overflows_and_axe_finds_nothing(page, content, width, prefix, scheme):
    page.set_viewport_size({"width": width, "height": 800})
    page.emulate_media(color_scheme=scheme)

    for path in READING_PAGES:
        page.goto(prefix + path)
        assert page.evaluate(FIND_OVERFLOW) == [], prefix + path
        results = Axe().run(page)
        assert results.violations_count == 0, (prefix + path, results.generate_report())


def test_code_blocks_scroll_in_labelled_focusable_regions_on_a_phone(page, content):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto("/en/404/")

    example = page.get_by_role("region", name="Example exchange")
    example.focus()
    expect(example).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("End")
    assert example.evaluate("(pre) => pre.scrollWidth > pre.clientWidth")
    assert example.evaluate("(pre) => pre.scrollLeft") > 0  # scrolled from the keyboard


def test_on_a_phone_the_facts_come_right_under_the_lead(page, content):
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/404/")

    lead = page.locator(".page-header .lead").bounding_box()
    facts = page.locator(".facts").bounding_box()
    prose = page.locator(".status-main .prose").bounding_box()

    assert lead["y"] < facts["y"] < prose["y"]
    assert facts["y"] - (lead["y"] + lead["height"]) < 60


def test_unofficial_codes_lead_with_the_originating_vendor(page, content):
    page.goto("/499/")

    vendors = page.locator(".vendor-list h3").all_inner_texts()
    assert vendors[0].startswith("nginx")
    about = page.locator("#about-title").bounding_box()
    assert page.locator("#vendors-title").bounding_box()["y"] < about["y"]


def test_copy_buttons_copy(chromium, live_server, content):
    context = chromium.new_context(
        base_url=live_server.url, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.goto("/en/404/")
    buttons = page.locator(".copy-button")
    # the example, the curl line, the Django snippet, the DRF line, the Spring, Express, FastAPI
    # and Go lines
    expect(buttons).to_have_count(8)

    for index in range(8):
        button = buttons.nth(index)
        source = page.locator("#" + button.get_attribute("data-copy"))
        button.click()
        expect(button).to_have_text("Copied")
        assert page.evaluate("navigator.clipboard.readText()") == source.inner_text().rstrip("\n")
        expect(button).to_have_text("Copy", timeout=5000)

    last = page.evaluate("navigator.clipboard.readText()")  # the Go line, as written
    assert last == "w.WriteHeader(http.StatusNotFound)"
    context.close()


def test_the_home_filter_waits_for_hangul_composition_and_announces_the_count(page, content):
    page.goto("/")
    total = page.locator(".code-card").count()
    box = page.get_by_role("searchbox")
    box.focus()
    session = page.context.new_cdp_session(page)

    # An input method composes "권한" keystroke by keystroke: ㄱ, 궈, 권, 권ㅎ, 권하, 권한.
    for partial in ["ㄱ", "궈", "권", "권ㅎ", "권하", "권한"]:
        session.send(
            "Input.imeSetComposition",
            {"text": partial, "selectionStart": len(partial), "selectionEnd": len(partial)},
        )
        expect(page.locator(".code-card:visible")).to_have_count(total)  # never blanks
    session.send("Input.insertText", {"text": "권한"})  # the composition ends

    expect(box).to_have_value("권한")
    cards = page.locator(".code-card:visible")
    expect(cards.first).to_be_visible()
    assert "403" in cards.locator(".code-number").all_inner_texts()
    assert cards.count() < total
    status = page.locator("[data-filter-status]")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_have_text(re.compile(rf"^코드 {cards.count()}개가 맞습니다\.$"))
    expect(page).to_have_url(re.compile(r"/\?q=%EA%B6%8C%ED%95%9C$"))


def test_the_empty_filter_links_to_the_server_search(page, content):
    page.goto("/en/")
    page.get_by_role("searchbox").fill("gunicorn")  # only in descriptions

    empty = page.locator("[data-filter-empty]")
    expect(empty).to_be_visible()
    empty.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/en/search/\?q=gunicorn$"))
    expect(page.locator(".code-row").first).to_be_visible()


def test_back_restores_the_filter(page, content):
    page.goto("/")
    expect(page.get_by_role("searchbox")).not_to_be_focused()  # no focus stolen on load
    page.get_by_role("searchbox").fill("timeout")
    expect(page).to_have_url(re.compile(r"/\?q=timeout$"))
    shown = page.locator(".code-card:visible").count()

    page.locator(".code-card:visible a").first.click()
    expect(page).to_have_url(re.compile(r"/\d{3}/$"))
    page.go_back()

    expect(page.get_by_role("searchbox")).to_have_value("timeout")
    expect(page.locator(".code-card:visible")).to_have_count(shown)


def test_back_restores_the_scroll_position(page, content):
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto("/")
    card = page.locator(".code-card a", has_text="503")
    card.scroll_into_view_if_needed()
    page.wait_for_timeout(300)  # the position is saved a moment after scrolling stops
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 1500

    card.click()
    expect(page).to_have_url(re.compile(r"/503/$"))
    page.go_back()

    page.wait_for_function(f"Math.abs(window.scrollY - {scrolled}) < 5")


def test_the_slash_shortcut_is_shown_and_focuses_the_search(page, content):
    page.goto("/404/")
    expect(page.locator(".search-shortcut")).to_be_visible()

    page.keyboard.press("/")

    expect(page.get_by_role("searchbox")).to_be_focused()
    expect(page.locator(".search-shortcut")).to_be_hidden()


def test_print_shows_the_content_only_with_link_targets(page, content):
    page.goto("/404/")
    page.emulate_media(media="print")

    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".copy-button").first).to_be_hidden()
    expect(page.locator(".pager")).to_be_hidden()
    spec_link = page.locator(".facts a").first
    after = spec_link.evaluate("(a) => getComputedStyle(a, '::after').content")
    assert spec_link.get_attribute("href") in after
    colors = page.evaluate(
        "[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]"
    )
    assert colors == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    code_block = page.locator(".code-block pre").first
    assert code_block.evaluate("(pre) => getComputedStyle(pre).breakInside") == "avoid"
