import re
from pathlib import Path

import pytest
from django.conf import settings

from statuses.markup.markdown import MAX_QUOTE_DEPTH, plain_text, render_inline, render_markdown
from statuses.models import CONTENT_MODELS, LONG_TEXT_LIMIT, Guide, markdown_fields


def test_lists_directly_under_a_line_are_lists():
    html = render_markdown("**When**\n- first\n- second\n\nAfter.")

    assert html == (
        "<p><strong>When</strong></p>\n<ul>\n<li>first</li>\n<li>second</li>\n</ul>\n<p>After.</p>"
    )


def test_numbered_lists_and_code_survive():
    html = render_markdown("Steps:\n1. send `Retry-After`\n2. wait")

    assert "<ol>" in html and "<code>Retry-After</code>" in html


def test_a_note_shows_its_inline_code_and_nothing_else_as_markup():
    html = render_inline("`redirect(to, preserve_request=True)` <b>&</b> [docs](https://x.test/)")

    assert html == "<code>redirect(to, preserve_request=True)</code> &amp; docs"


def test_plain_text_is_what_the_renderer_reads_without_addresses_or_markers():
    text = (
        "## Why\n\n- [the spec](https://www.rfc-editor.org/) says `308`\n\n> see https://x.test/a"
    )

    assert plain_text(text) == "Why the spec says 308 see"


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


MARKDOWN_FIELDS = {model: markdown_fields(model) for model in CONTENT_MODELS}
# A template renders an editor's text as Markdown with ``|localized:"name"|markdown``.
RENDERED_AS_MARKDOWN = re.compile(r'localized:"(\w+)"\|markdown')


def test_every_text_the_pages_render_as_markdown_is_a_markdown_field():
    templates = Path(settings.BASE_DIR, "templates").rglob("*.html")
    rendered = {
        name for path in templates for name in RENDERED_AS_MARKDOWN.findall(path.read_text())
    }
    declared = {name.rsplit("_", 1)[0] for fields in MARKDOWN_FIELDS.values() for name in fields}

    assert {"description", "django_notes"} <= rendered
    assert rendered <= declared
    assert {"body_ko", "body_en"} <= set(MARKDOWN_FIELDS[Guide])  # rendered by the guide view


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
