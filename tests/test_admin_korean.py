"""The admin speaks Korean throughout: the lockout screen, django-axes' pages, the history."""

import re

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

LOGIN = reverse("admin:login")


def submit_login(client, username, password):
    """Post the login form the page renders (CSRF token included)."""
    html = client.get(LOGIN).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    return client.post(
        LOGIN, {"csrfmiddlewaretoken": token, "username": username, "password": password}
    )


def test_the_lockout_screen_is_korean_with_retry_after(db):
    User.objects.create_superuser("editor", password="right-password-123")
    client = Client(enforce_csrf_checks=True)

    answers = [submit_login(client, "editor", "wrong").status_code for _ in range(5)]
    locked = submit_login(client, "editor", "right-password-123")

    assert answers == [200, 200, 200, 200, 429]
    assert locked.status_code == 429
    assert locked["Retry-After"] == "3600"
    assert locked["Content-Type"].startswith("text/html")
    html = locked.content.decode()
    assert "<h1>로그인 잠김</h1>" in html
    assert "60분 뒤에 다시 시도하거나, 관리자에게 잠금 해제를 요청하세요." in html
    assert "Account locked" not in html and "too many" not in html
    assert "css/admin.css" in html  # the admin's own look, not a bare text page


def test_login_attempt_pages_are_korean(admin_client):
    submit_login(Client(), "someone", "wrong")
    index = admin_client.get(reverse("admin:index")).content.decode()
    attempts = admin_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()

    assert "로그인 시도" in index and ">Axes<" not in index
    for label in ["사용자 이름", "IP 주소", "실패 횟수", "시도 시각"]:
        assert label in attempts, label


def test_the_history_page_is_korean(admin_client, sample_codes):
    html = admin_client.get(reverse("admin:statuses_statuscode_history", args=[404])).content
    html = html.decode()

    assert "변경 이력" in html and "바꾼 사람" in html and "날짜/시각" in html
    assert re.search(r"\d+ 건", html)
    assert "Change history" not in html and "entries" not in html and "entry" not in html
