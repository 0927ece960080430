import re

import pytest

from statuses.markdown import MAX_QUOTE_DEPTH, render_markdown
from statuses.models import LONG_TEXT_LIMIT, StatusClass, StatusCode, VendorUsage


def test_lists_directly_under_a_line_are_lists():
    html = render_markdown("**When**\n- first\n- second\n\nAfter.")

    assert html == (
        "<p><strong>When</strong></p>\n<ul>\n<li>first</li>\n<li>second</li>\n</ul>\n<p>After.</p>"
    )


def test_numbered_lists_and_code_survive():
    html = render_markdown("Steps:\n1. send `Retry-After`\n2. wait")

    assert "<ol>" in html and "<code>Retry-After</code>" in html


@pytest.mark.parametrize(
    "text",
    [
        # A line that starts with a tag is an HTML block: dropped whole.
        '<script>alert(1)</script><style>p{}</style><img src=x onerror="alert(1)"> gone',
        # Tags inside a paragraph are dropped and the words around them kept.
        'ok <script>alert(1)</script><style>p{}</style><img src=x onerror="alert(1)"> ok',
    ],
)
def test_script_style_and_event_handlers_are_removed(text):
    html = render_markdown(text)

    assert "<script" not in html and "<style" not in html and "onerror" not in html
    assert "<img" not in html and "gone" not in html
    assert html.count("ok") == text.count("ok")


def test_only_http_links_survive():
    html = render_markdown("[a](javascript:alert(1)) [b](https://example.com)")

    assert "javascript:" not in html
    assert 'href="https://example.com"' in html
    assert 'rel="noopener noreferrer"' in html


# Inputs that made the previous renderer take quadratic time or overflow Python's stack; their
# render time at the length limit is reported by `make bench` (scripts/bench_render.py).
PATHOLOGICAL = {
    "open brackets": "[" * LONG_TEXT_LIMIT,
    "image openers": "![" * (LONG_TEXT_LIMIT // 2),
    "nested ordered lists": "1. " * (LONG_TEXT_LIMIT // 3),
    "nested quotes": ">" * LONG_TEXT_LIMIT + " deep",
    "one long line": "a" * LONG_TEXT_LIMIT,
}


@pytest.mark.parametrize("text", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_text_at_the_length_limit_renders(text):
    html = render_markdown(text)

    assert html.count("<blockquote>") <= MAX_QUOTE_DEPTH
    assert html.count("<blockquote>") == html.count("</blockquote>")
    assert html.count("<ol>") == html.count("</ol>")


def test_quotes_deeper_than_the_limit_keep_their_text():
    html = render_markdown(">" * 50 + " deep\n\n> shallow")

    assert html.count("<blockquote>") == MAX_QUOTE_DEPTH + 1
    assert "deep" in html and "shallow" in html


MARKDOWN_FIELDS = {
    StatusClass: ["description_ko", "description_en"],
    StatusCode: ["description_ko", "description_en", "django_notes_ko", "django_notes_en"],
    VendorUsage: ["description_ko", "description_en"],
}


def rendered_content():
    for model, fields in MARKDOWN_FIELDS.items():
        for row in model.objects.all():
            for field in fields:
                yield f"{row} {field}", str(render_markdown(getattr(row, field)))


def test_content_markdown_leaves_no_markup_unrendered(content):
    # CommonMark does not close ** between punctuation and a Korean letter
    # ("**버전(version)**을"): the asterisks would show on the page.
    prose = {
        name: re.sub(r"<code>.*?</code>", "", html, flags=re.S) for name, html in rendered_content()
    }
    leftovers = [name for name, text in prose.items() if "**" in text or "](" in text]

    assert leftovers == []


def test_content_links_are_web_addresses_or_pages_of_the_site(client, content):
    # Editors link out with absolute http(s) addresses; the renderer links code numbers to their
    # pages. Any other link (a relative "WebDAV-확장") would lead nowhere.
    hrefs = [
        (name, href)
        for name, html in rendered_content()
        for href in re.findall(r'href="([^"]*)"', html)
    ]
    site_paths = {href for _, href in hrefs if href.startswith("/")}

    assert hrefs and site_paths
    assert [
        (n, h) for n, h in hrefs if not h.startswith(("https://", "http://", "mailto:", "/"))
    ] == []
    assert {path: client.get(path).status_code for path in sorted(site_paths)} == {
        path: 200 for path in sorted(site_paths)
    }
