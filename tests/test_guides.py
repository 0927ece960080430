"""The three guides as a reader meets them: pages, steps, links, search, sitemap and JSON."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from statuses.models import DecisionAnswer, DecisionStep, Guide, GuideFact

pytestmark = pytest.mark.database

HREF = re.compile(r'href="([^"]+)"')


def answer_links(html):
    """The hrefs of the answer links in a rendered step."""
    answers = html.split('<ul class="answers">', 1)[1].split("</ul>", 1)[0]
    return HREF.findall(answers)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_home_page_leads_to_each_guide(client, content, prefix):
    html = client.get(f"{prefix}/").content.decode()

    for slug in ["which-status", "redirects", "caching"]:
        assert f'href="{prefix}/guides/{slug}/"' in html


def walk(client, prefix):
    """Every step reachable from the guide's first page by following answer links only."""
    start = client.get(f"{prefix}/guides/which-status/")
    assert start.status_code == 200
    queue, seen, ends = answer_links(start.content.decode()), set(), set()
    while queue:
        href = queue.pop()
        end = re.fullmatch(rf"{prefix}/(\d{{3}})/#django-title", href)
        if end:
            ends.add(int(end[1]))
            continue
        assert href.startswith(f"{prefix}/guides/which-status/"), href
        if href in seen:
            continue
        seen.add(href)
        page = client.get(href)
        assert page.status_code == 200, href
        queue += answer_links(page.content.decode())
    return seen, ends


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_answering_the_questions_reaches_every_step_and_at_least_20_codes(client, content, prefix):
    steps, ends = walk(client, prefix)

    assert len(steps) == DecisionStep.objects.count() - 1  # all but the first, shown at the start
    assert len(ends) >= 20
    assert {429, 401, 403, 422, 502, 504} <= ends


def test_every_end_code_page_shows_the_django_and_drf_way_to_send_it(client, content):
    for code in set(DecisionAnswer.objects.exclude(end_code=None).values_list("end_code", flat=1)):
        html = client.get(f"/{code}/").content.decode()
        section = html.split('id="django-title"', 1)[1].split("</section>", 1)[0]
        assert 'id="django-code"' in section and 'id="drf-code"' in section, code
        assert re.search(rf"status=status\.HTTP_{code}_[A-Z_]+\)", section), code


@pytest.mark.parametrize(
    ("prefix", "question", "other_language", "other_prefix"),
    [
        ("", "누가 요청했는지가 문제입니까?", "en", "/en"),
        ("/en", "Is it about who is asking?", "ko", ""),
    ],
    ids=["ko", "en"],
)
def test_a_step_reads_in_both_languages_with_its_own_address(
    client, content, prefix, question, other_language, other_prefix
):
    html = client.get(f"{prefix}/guides/which-status/auth/").content.decode()

    assert question in html
    assert f'href="{prefix}/401/#django-title"' in html
    other_address = f"https://status.example{other_prefix}/guides/which-status/auth/"
    assert f'hreflang="{other_language}" href="{other_address}"' in html


def test_unknown_steps_and_guides_are_404_and_other_methods_405(client, content):
    assert client.get("/guides/which-status/nowhere/").status_code == 404
    assert client.get("/guides/redirects/start/").status_code == 404  # a step of another guide
    assert client.get("/guides/nowhere/").status_code == 404
    response = client.post("/guides/which-status/start/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_guide_pages_query_counts(client, content, django_assert_num_queries):
    # 1. the guide, 2. its steps, 3. their answers with next step and code
    with django_assert_num_queries(3):
        client.get("/guides/which-status/")
    # 1. the guide, 2. its facts with their codes, 3. the documented codes, for the code links
    # in the prose (once per content version)
    with django_assert_num_queries(3):
        client.get("/guides/caching/")
    # 1. the step with its guide, 2. its answers with next step and code (the documented codes
    # for the links in its help were read above)
    with django_assert_num_queries(2):
        client.get("/guides/which-status/input/")
    # cached: no query at all
    with django_assert_num_queries(0):
        client.get("/guides/caching/")


class Cells(HTMLParser):
    """The table cells of a guide page: (classes, text, links)."""

    def __init__(self):
        super().__init__()
        self.cells, self.current = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "td":
            self.current = {"class": attrs.get("class", ""), "text": "", "links": []}
        elif tag == "a" and self.current is not None:
            self.current["links"].append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "td" and self.current is not None:
            self.cells.append(self.current)
            self.current = None

    def handle_data(self, data):
        if self.current is not None:
            self.current["text"] += data


@pytest.mark.parametrize(("slug", "word"), [("redirects", "측정"), ("caching", "측정")])
def test_each_table_cell_says_measured_or_links_its_source(client, content, slug, word):
    parser = Cells()
    parser.feed(client.get(f"/guides/{slug}/").content.decode())
    facts = GuideFact.objects.filter(guide=slug)

    assert len(parser.cells) >= facts.count()  # every fact has its cell (blank cells allowed)
    filled = [cell for cell in parser.cells if "fact-" in cell["class"]]
    assert len(filled) == facts.count()
    measured = [cell for cell in filled if "fact-measured" in cell["class"]]
    assert len(measured) == facts.filter(evidence="measured").count() > 0
    assert all(word in cell["text"] for cell in measured)
    sources = set(facts.filter(evidence="cited").values_list("source_url", flat=True))
    for cell in filled:
        if "fact-cited" in cell["class"]:
            assert set(cell["links"]) & sources


def test_redirect_table_reads_as_measured(client, content):
    html = client.get("/en/guides/redirects/").content.decode()
    row = html.split('<th scope="row" class="subject">urllib.<wbr>request</th>', 1)[1]
    row = row.split("</tr>", 1)[0]

    assert row.count('"fact-value">—<') == 2 and "not followed: raises HTTPError" in row
    assert row.count('evidence-measured">measured<') == 5


def test_redirect_codes_and_the_3xx_page_link_to_the_redirect_guide(client, content):
    for path in ["/3xx/", "/301/", "/302/", "/303/", "/307/", "/308/", "/en/308/"]:
        html = client.get(path).content.decode()
        prefix = "/en" if path.startswith("/en") else ""
        assert f'href="{prefix}/guides/redirects/"' in html, path
    assert 'href="/guides/redirects/"' not in client.get("/404/").content.decode()


def test_each_code_pages_cacheability_links_to_its_row_in_the_caching_guide(client, content):
    guide = client.get("/guides/caching/").content.decode()
    for code in [200, 404, 302]:
        html = client.get(f"/{code}/").content.decode()
        assert f'href="/guides/caching/#cache-default-{code}"' in html
        assert f'id="cache-default-{code}"' in guide


def test_sitemap_lists_guides_and_steps_in_both_languages(client, content):
    xml = client.get(reverse("sitemap")).content.decode()

    for path in ["/guides/which-status/", "/guides/which-status/server/", "/guides/caching/"]:
        assert f"<loc>https://status.example{path}</loc>" in xml
        assert f"<loc>https://status.example/en{path}</loc>" in xml


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("리다이렉트", "redirects"),
        ("stale-while-revalidate", "caching"),
        ("어떤 상태", "which-status"),
    ],
)
def test_search_finds_the_guides(client, content, query, slug):
    html = client.get(reverse("statuses:search"), {"q": query}).content.decode()

    listing = html.split('class="guide-list"', 1)[1].split("</section>", 1)[0]
    assert f'href="/guides/{slug}/"' in listing


def test_api_lists_the_guides_and_gives_each_in_full(client, content):
    listing = client.get("/api/guides/").json()
    slugs = [guide["slug"] for guide in listing["guides"]]
    assert slugs == ["which-status", "redirects", "caching"]

    decision = client.get("/en/api/guides/which-status/").json()
    assert decision["title"] == "Which status should I send?"
    assert decision["url"] == "https://status.example/en/guides/which-status/"  # the site's origin
    first = decision["steps"][0]
    assert first["slug"] == "start"
    assert {"answer", "next_step", "code", "why"} <= set(first["answers"][0])

    caching = client.get("/api/guides/caching/", {"lang": "en"}).json()
    assert (
        caching["language"] == "en"
        and caching["title"] == Guide.objects.get(slug="caching").title_en
    )
    fact = next(f for f in caching["facts"] if f["subject"] == "Cloudflare" and f["code"] == 404)
    assert fact["evidence"] == "cited" and fact["source_url"].startswith("https://")

    missing = client.get("/api/guides/nowhere/")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


def test_every_guide_has_both_languages(content):
    for guide in Guide.objects.all():
        assert guide.title_en and guide.summary_en and guide.body_en
    for step in DecisionStep.objects.all():
        assert step.question_en
    for answer in DecisionAnswer.objects.all():
        assert answer.label_en and bool(answer.note_ko) == bool(answer.note_en)


def test_row_labels_are_korean_on_korean_pages(client, content):
    korean = client.get("/guides/redirects/").content.decode()
    english = client.get("/en/guides/redirects/").content.decode()

    row = '<th scope="row" class="subject">{}</th>'
    assert row.format("브라우저(Fetch 표준)") in korean
    assert row.format("Django 테스트 클라이언트(follow=True)") in korean
    assert row.format("curl -L") in korean  # a command reads the same in both
    assert row.format("Browsers (Fetch standard)") in english
    assert "브라우저(Fetch 표준)" not in english
    labelled = GuideFact.objects.exclude(subject_ko="").values_list("subject", flat=True)
    assert not any(row.format(subject) in korean for subject in set(labelled))
