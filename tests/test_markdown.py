from statuses.templatetags.reference import markdown


def test_lists_directly_under_a_line_are_lists():
    html = markdown("**When**\n- first\n- second\n\nAfter.")

    assert html == (
        "<p><strong>When</strong></p>\n<ul>\n<li>first</li>\n<li>second</li>\n</ul>\n<p>After.</p>"
    )


def test_numbered_lists_and_code_survive():
    html = markdown("Steps:\n1. send `Retry-After`\n2. wait")

    assert "<ol>" in html and "<code>Retry-After</code>" in html


def test_script_style_and_event_handlers_are_removed():
    html = markdown('<script>alert(1)</script><style>p{}</style><img src=x onerror="alert(1)"> ok')

    assert "<script" not in html and "<style" not in html and "onerror" not in html
    assert "ok" in html


def test_only_http_links_survive():
    html = markdown("[a](javascript:alert(1)) [b](https://example.com)")

    assert "javascript:" not in html
    assert 'href="https://example.com"' in html
    assert 'rel="noopener noreferrer"' in html
