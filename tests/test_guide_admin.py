"""Editors change the guides in the admin, through the form the admin renders."""

from html.parser import HTMLParser

from django.urls import reverse

from statuses.guide_models import DecisionStep, GuideFact


class RenderedForm(HTMLParser):
    """The fields of the admin's change form as a browser would submit them."""

    def __init__(self):
        super().__init__()
        self.data, self.in_form = {}, False
        self.textarea = self.select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self.in_form = True
        if not self.in_form or "name" not in attrs and tag != "option":
            return
        name = attrs.get("name")
        if tag == "input" and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")
        elif tag == "textarea":
            self.textarea, self.data[name] = name, ""
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select and "selected" in attrs:
            self.data[self.select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None
        elif tag == "form":
            self.in_form = False

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data


def rendered_form(client, url):
    parser = RenderedForm()
    parser.feed(client.get(url).content.decode())
    return parser.data


def test_editor_changes_a_question_and_the_step_page_shows_it(editor_client, content):
    url = reverse("admin:statuses_decisionstep_change", args=["auth"])
    data = rendered_form(editor_client, url)
    assert data["answers-TOTAL_FORMS"] == "3"  # the answers come along, inline
    data["question_ko"] = "인증이 문제인가요?"

    response = editor_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    step = DecisionStep.objects.get(slug="auth")
    assert step.question_ko == "인증이 문제인가요?"
    assert step.history.first().history_user.username == "editor"
    page = editor_client.get(step.get_absolute_url()).content.decode()
    assert "인증이 문제인가요?" in page


def test_an_answer_cannot_lead_both_to_a_step_and_to_a_code(editor_client, content):
    url = reverse("admin:statuses_decisionstep_change", args=["auth"])
    data = rendered_form(editor_client, url)
    data["answers-0-next_step"] = "input"  # the first answer already leads to 401

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "다음 단계나 보낼 코드 중 하나만 고르세요" in response.content.decode()


def test_a_cited_fact_without_its_source_is_refused(editor_client, content):
    fact = GuideFact.objects.get(guide="caching", subject="Cloudflare", code=404)
    url = reverse("admin:statuses_guidefact_change", args=[fact.pk])
    data = rendered_form(editor_client, url)
    data["source_url"] = ""

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert "인용한 사실에는 출처 링크가 있어야 합니다" in response.content.decode()
    fact.refresh_from_db()
    assert fact.source_url
