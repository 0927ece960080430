"""The admin fits a laptop and a phone, and Korean never breaks inside a word (Chromium)."""

import pytest
from django.urls import reverse

from .test_browser_editing import log_in

pytestmark = pytest.mark.browser

CODE_LIST = reverse("admin:statuses_statuscode_changelist")

# Every run of Hangul syllables in the cells and the lines it occupies: a word broken inside
# ("정식 등/록") spans two. Breaks at spaces, slashes or hyphens ("날짜/" "시각") are fine.
BROKEN_KOREAN_WORDS = """
(selector) => {
  const broken = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[\\uac00-\\ud7a3]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}
"""


def overflow(page, selector):
    return page.evaluate(
        "(s) => { const e = document.querySelector(s); return e.scrollWidth - e.clientWidth; }",
        selector,
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_the_code_list_fits_and_keeps_korean_words_whole(page, content, editor, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, editor.username)

    page.goto(CODE_LIST)

    assert overflow(page, "html") == 0  # the page never scrolls sideways
    assert overflow(page, "#changelist .results") == 0  # nor does the table inside it
    headers = page.locator("#result_list thead th:visible").all_inner_texts()
    assert [text.strip() for text in headers if text.strip()] == (
        ["코드", "한국어 이름", "이름", "등록 상태", "수정 시각"]
        if width == 1280
        else ["코드", "한국어 이름", "등록 상태"]  # the rest give way on a phone
    )
    assert page.evaluate(BROKEN_KOREAN_WORDS, "#result_list th, #result_list td") == []
    deprecated = page.locator("#result_list tr", has_text="305").first
    assert "지원 중단" in deprecated.inner_text()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_change_form_and_history_fit(page, content, editor, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, editor.username)

    for path in [
        reverse("admin:statuses_statuscode_change", args=[104]),
        reverse("admin:statuses_statuscode_history", args=[104]),
    ]:
        page.goto(path)
        assert overflow(page, "html") == 0, path
        assert page.evaluate(BROKEN_KOREAN_WORDS, "label, th, td, .help, h1, h2") == [], path
