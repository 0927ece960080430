"""Finding and reading on phones and desktops, in a real browser (Debian's Chromium)."""

import re

import pytest
from playwright.sync_api import expect

from .browser_checks import FIND_BROKEN_WORDS, WIDTHS, layout_problems

pytestmark = pytest.mark.browser

READING_PAGES = ["/", "/404/", "/429/", "/499/", "/search/?q=권한", "/try/429/", "/try/100/"]
READING_PAGES += ["/guides/redirects/", "/4040/"]


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_nothing_overflows_and_axe_finds_nothing(reader, prefix):
    """Each page at every width in both schemes (the layout follows the viewport without a
    reload); axe at the narrowest and the widest, where its layout rules can differ."""
    found = []
    for path in READING_PAGES:
        reader.goto(prefix + path)
        found += layout_problems(reader, prefix + path)
    assert found == []


def test_code_blocks_scroll_in_labelled_focusable_regions_on_a_phone(reader):
    reader.set_viewport_size({"width": 320, "height": 700})
    reader.goto("/en/404/")

    snippet = reader.get_by_role("region", name="Django snippet")
    snippet.focus()
    expect(snippet).to_be_focused()
    assert snippet.evaluate("(pre) => pre.scrollWidth > pre.clientWidth + 40")
    reader.keyboard.press("ArrowRight")
    # Scrolled from the keyboard (Chromium scrolls smoothly: wait for it to move).
    reader.wait_for_function("(pre) => pre.scrollLeft > 0", arg=snippet.element_handle())


def test_the_meaning_comes_first_under_its_own_heading(reader):
    reader.set_viewport_size({"width": 375, "height": 800})
    reader.goto("/404/")

    def box(selector):
        return reader.locator(selector).bounding_box()

    heading = reader.get_by_role("heading", name="의미", exact=True, level=2)
    expect(heading).to_be_visible()
    lead, meaning, prose, facts = (
        box(".page-header .lead"),
        heading.bounding_box(),
        box(".status-main .prose"),
        box(".facts"),
    )
    assert lead["y"] < meaning["y"] < prose["y"] < facts["y"]
    assert meaning["y"] - (lead["y"] + lead["height"]) < 100  # right under the lead
    assert meaning["y"] < 800  # on the first screen

    # On a wide screen the facts box sits beside the meaning.
    reader.set_viewport_size({"width": 1280, "height": 800})
    prose, facts = box(".status-main .prose"), box(".facts")
    assert facts["x"] > prose["x"] + prose["width"]
    assert abs(facts["y"] - heading.bounding_box()["y"]) < 60


def test_identifiers_in_the_facts_box_wrap_between_their_parts(reader):
    for path in ["/416/", "/en/416/", "/413/", "/en/203/"]:
        reader.goto(path)
        for width in WIDTHS:
            reader.set_viewport_size({"width": width, "height": 800})
            assert reader.evaluate(FIND_BROKEN_WORDS, ".facts code") == [], f"{path} {width}"
    # The test would see a break inside a word: on a 320 px phone the Python name wraps.
    reader.set_viewport_size({"width": 320, "height": 800})
    python_name = reader.locator(".facts code", has_text="HTTPStatus")
    assert python_name.evaluate("(code) => code.getClientRects().length") > 1


def test_unofficial_codes_lead_with_the_originating_vendor(reader):
    reader.goto("/499/")

    vendors = reader.locator(".vendor-list h3").all_inner_texts()
    assert vendors[0].startswith("nginx")
    about = reader.locator("#about-title").bounding_box()
    assert reader.locator("#vendors-title").bounding_box()["y"] < about["y"]


# Parts of a code block's text under its copy button, with the block scrolled to either end.
FIND_CODE_UNDER_BUTTON = """(block) => {
  const button = block.querySelector(".copy-button").getBoundingClientRect();
  const pre = block.querySelector("pre");
  const covered = [];
  for (const scroll of [0, pre.scrollWidth]) {
    pre.scrollLeft = scroll;
    const range = document.createRange();
    range.selectNodeContents(pre);
    for (const line of range.getClientRects()) {
      const overlaps = line.right > button.left && line.left < button.right
        && line.bottom > button.top && line.top < button.bottom;
      if (line.width && overlaps) covered.push(`scrolled to ${scroll}: ${line.top}`);
    }
  }
  pre.scrollLeft = 0;
  return covered;
}"""


def test_the_copy_button_never_covers_code(reader):
    reader.goto("/en/404/")
    blocks = reader.locator(".code-block")
    expect(blocks.locator(".copy-button").first).to_be_visible()

    for width in WIDTHS:
        reader.set_viewport_size({"width": width, "height": 800})
        for index in range(blocks.count()):
            block = blocks.nth(index)
            assert block.evaluate(FIND_CODE_UNDER_BUTTON) == [], f"block {index} at {width} px"


def test_the_theme_switch_remembers_the_choice(chromium, live_server, content):
    context = chromium.new_context(base_url=live_server.url, color_scheme="light")
    page = context.new_page()

    def background():
        return page.evaluate("getComputedStyle(document.body).backgroundColor")

    page.goto("/404/")
    switch = page.get_by_role("button", name="어두운 테마")
    expect(switch).to_have_attribute("aria-pressed", "false")
    assert background() == LIGHT_BACKGROUND
    # Applied before the first paint: loaded in the head, neither deferred nor async.
    theme_script = page.locator("head script[src*='theme']")
    assert theme_script.evaluate("(script) => !script.defer && !script.async")

    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "true")
    assert background() == DARK_BACKGROUND
    page.goto("/en/guides/redirects/")  # another page, another language
    assert background() == DARK_BACKGROUND
    page.reload()
    expect(page.get_by_role("button", name="Dark theme")).to_have_attribute("aria-pressed", "true")

    # Back to what the system says: the choice is forgotten, the page follows the system.
    page.get_by_role("button", name="Dark theme").click()
    assert background() == LIGHT_BACKGROUND
    assert page.evaluate("localStorage.getItem('theme')") is None
    page.emulate_media(color_scheme="dark")
    assert background() == DARK_BACKGROUND
    context.close()

    # Without JavaScript there is no switch, and the system decides, as before.
    context = chromium.new_context(
        base_url=live_server.url, color_scheme="dark", java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/404/")
    expect(page.locator(".theme-switch")).to_be_hidden()
    assert background() == DARK_BACKGROUND
    context.close()


LIGHT_BACKGROUND = "rgb(247, 247, 245)"  # --bg in static/css/site.css
DARK_BACKGROUND = "rgb(21, 23, 28)"


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


def test_print_shows_the_content_only_with_link_targets(reader):
    reader.goto("/404/")
    reader.emulate_media(media="print")

    expect(reader.locator(".site-header")).to_be_hidden()
    expect(reader.locator(".copy-button").first).to_be_hidden()
    expect(reader.locator(".pager")).to_be_hidden()
    spec_link = reader.locator(".facts a").first
    after = spec_link.evaluate("(a) => getComputedStyle(a, '::after').content")
    assert spec_link.get_attribute("href") in after
    colors = reader.evaluate(
        "[getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]"
    )
    assert colors == ["rgb(0, 0, 0)", "rgb(255, 255, 255)"]
    code_block = reader.locator(".code-block pre").first
    assert code_block.evaluate("(pre) => getComputedStyle(pre).breakInside") == "avoid"
