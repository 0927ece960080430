"""Editors change the guides in the admin, through the form the admin renders."""

import pytest
from django.urls import reverse

from statuses.models import DecisionStep, GuideFact

from .forms import open_form, submit_form

pytestmark = pytest.mark.database


def test_editor_changes_a_question_and_the_step_page_shows_it(editor_client, content):
    url = reverse("admin:statuses_decisionstep_change", args=["auth"])
    form = open_form(editor_client, url)
    answers = DecisionStep.objects.get(slug="auth").answers.count()
    assert form["answers-TOTAL_FORMS"] == str(answers) != "0"  # the answers come along, inline

    response = form.submit(editor_client, {"question_ko": "인증이 문제인가요?"})

    assert response.status_code == 302, response.content.decode()[:2000]
    step = DecisionStep.objects.get(slug="auth")
    assert step.question_ko == "인증이 문제인가요?"
    assert step.history.first().history_user.username == "editor"
    page = editor_client.get(step.get_absolute_url()).content.decode()
    assert "인증이 문제인가요?" in page


def test_an_answer_cannot_lead_both_to_a_step_and_to_a_code(editor_client, content):
    url = reverse("admin:statuses_decisionstep_change", args=["auth"])
    form = open_form(editor_client, url)
    # the first answer already leads to 401
    response = form.submit(editor_client, {"answers-0-next_step": "input"})

    assert response.status_code == 200
    assert "다음 단계나 보낼 코드 중 하나만 고르세요" in response.content.decode()


def test_a_cited_fact_without_its_source_is_refused(editor_client, content):
    fact = GuideFact.objects.get(guide="caching", subject="Cloudflare", code=404)
    url = reverse("admin:statuses_guidefact_change", args=[fact.pk])
    response = submit_form(editor_client, url, {"source_url": ""})

    assert response.status_code == 200
    assert "인용한 사실에는 출처 링크가 있어야 합니다" in response.content.decode()
    fact.refresh_from_db()
    assert fact.source_url
