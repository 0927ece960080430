"""Code numbers in rendered prose link to their pages, at render time."""

from django.urls import reverse
from django.utils import translation

from statuses.markup.markdown import render_markdown


def test_a_code_chip_becomes_a_link_and_keeps_its_particle(sample_codes):
    html = render_markdown("없어졌다면 `410`이 더 정확합니다.")

    assert html == (
        '<p>없어졌다면 <a class="code-link" href="/410/"><code>410</code></a>이 더 정확합니다.</p>'
    )


def test_a_bare_number_in_the_text_becomes_a_link(sample_codes):
    html = render_markdown("Servers answer 410 when it is gone for good, and 418 in jest.")

    assert '<a class="code-link" href="/410/">410</a> when' in html
    assert '<a class="code-link" href="/418/">418</a> in jest' in html


def test_links_follow_the_page_language(sample_codes):
    with translation.override("en"):
        html = render_markdown("See `410`.")

    assert 'href="/en/410/"' in html


def test_the_page_does_not_link_to_itself(sample_codes):
    html = render_markdown("`404` or `410`", current_code=404)

    assert "<code>404</code>" in html and 'href="/404/"' not in html
    assert 'href="/410/"' in html


def test_numbers_that_are_not_documented_codes_or_are_quantities_stay_text(sample_codes):
    text = (
        "`415` is not documented here; wait 404 seconds, send 410 KB, use 100-continue, "
        "RFC 9110, version 4.10.1, 4100 bytes, 기본 410초, `status=410`."
    )

    html = render_markdown(text)

    assert "code-link" not in html


def test_nothing_is_linked_inside_links_or_code_blocks(sample_codes):
    html = render_markdown("[about 410](https://example.com/410)\n\n```\nHTTP/1.1 410 Gone\n```")

    assert "code-link" not in html


def test_the_detail_page_links_the_codes_its_prose_names(client, sample_codes):
    sample_codes[404].description_ko = "영구히 사라졌다면 `410`을 보내세요."
    sample_codes[404].save()

    html = client.get(reverse("statuses:detail", args=[404])).content.decode()

    assert '<a class="code-link" href="/410/"><code>410</code></a>을 보내세요' in html


def test_a_chip_with_the_code_and_its_name_becomes_a_link(sample_codes):
    html = render_markdown("Unlike `410 Gone`, a `404 page` says nothing; `499ms` is a duration.")

    assert '<a class="code-link" href="/410/"><code>410 Gone</code></a>' in html
    assert "<code>499ms</code>" in html and 'href="/499/"' not in html
