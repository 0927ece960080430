"""What the browser tests measure in a page, as scripts to evaluate there."""

from axe_playwright_python.sync_playwright import Axe

WIDTHS = [320, 375, 768, 1280]
SCHEMES = ["light", "dark"]


def layout_problems(page, where):
    """The page as loaded, in both colour schemes at every width: what sticks out
    (``FIND_OVERFLOW``), and axe's findings at the narrowest and the widest."""
    found = []
    for scheme in SCHEMES:
        page.emulate_media(color_scheme=scheme)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            at = f"{where} at {width} px, {scheme}"
            found += [f"{at}: {problem}" for problem in page.evaluate(FIND_OVERFLOW)]
            if width in (WIDTHS[0], WIDTHS[-1]):
                results = Axe().run(page)
                if results.violations_count:
                    found.append(f"{at}: {results.generate_report()}")
    return found


# Words of the text under ``selector`` that a line break cuts, other than after a hyphen or
# slash, before an opening parenthesis (Korean writes "브라우저(HTTP 캐시)" without a space) or
# at an element boundary (the <wbr> after each . and _ of an identifier).
FIND_BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.textContent.matchAll(/\\S+/g)) {
        let previousTop = null;
        for (let at = word.index; at < word.index + word[0].length; at += 1) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + 1);
          const rect = range.getBoundingClientRect();
          if (!rect.width) continue;
          const top = Math.round(rect.top);
          const between = node.textContent[at - 1] + node.textContent[at];
          const allowed = "-/".includes(between[0]) || between[1] === "(";
          if (previousTop !== null && top > previousTop + 2 && !allowed) {
            broken.push(`${word[0]} (before "${node.textContent[at]}")`);
            break;
          }
          previousTop = top;
        }
      }
    }
  }
  return broken;
}"""

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
      const label = element.getAttribute("aria-label") || element.getAttribute("aria-labelledby");
      const region = element.tabIndex === 0 && label;
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
