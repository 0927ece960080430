"""A database that cannot take writes (read-only, a full disk): an editor's save answers 503 with
the form as they filled it and a message saying nothing was saved; readers see the pages as
before."""

from contextlib import contextmanager

import pytest
from django.db import connection, transaction
from django.urls import reverse

from statuses.models import LONG_TEXT_LIMIT, StatusCode

from .forms import form_in, open_form

CHANGE_404 = reverse("admin:statuses_statuscode_change", args=[404])
NOTHING_SAVED = "아무것도 저장하지 않았습니다"


@contextmanager
def read_only_database():
    """The connection the test client uses refuses every write, as a read-only database does."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA query_only = ON")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA query_only = OFF")
        return
    # PostgreSQL: the test runs inside a transaction; a savepoint made read-only is writable
    # again once rolled back.
    savepoint = transaction.savepoint()
    with connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION READ ONLY")
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


@contextmanager
def full_disk():
    """SQLite with no page to spare, as on a full disk: anything that grows the file fails."""
    assert connection.vendor == "sqlite", "this fault is made with SQLite's page limit"
    with connection.cursor() as cursor:
        cursor.execute("VACUUM")  # no free page left inside the file either
        limit = cursor.execute("PRAGMA max_page_count").fetchone()[0]
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA max_page_count = {limit}")


def assert_form_kept(response, typed):
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert NOTHING_SAVED in html
    assert f"{typed}</textarea>" in html  # what the editor typed, in its field


@pytest.mark.database
def test_a_save_on_a_read_only_database_answers_503_and_keeps_the_form(editor_client, sample_codes):
    form = open_form(editor_client, CHANGE_404)
    typed = "읽기 전용일 때 쓴 설명"

    with read_only_database():
        response = form.submit(editor_client, {"description_ko": typed})
        assert_form_kept(response, typed)
        # The form still works: once the database takes writes again, it saves as it is.
        kept = form_in(response.content.decode(), CHANGE_404)
        # Readers see every page as before.
        for path in ["/", "/404/", "/4xx/", "/api/statuses/404/", "/search/?q=404"]:
            assert editor_client.get(path, follow=True).status_code == 200, path

    assert StatusCode.objects.get(pk=404).description_ko != typed
    assert kept.submit(editor_client).status_code == 302
    assert StatusCode.objects.get(pk=404).description_ko == typed


@pytest.mark.database
def test_a_revert_on_a_read_only_database_answers_503_and_keeps_the_form(
    editor_client, sample_codes
):
    record = StatusCode.history.filter(code=404).earliest()
    url = reverse("admin:statuses_statuscode_simple_history", args=[404, record.history_id])
    form = open_form(editor_client, url)

    with read_only_database():
        response = form.submit(editor_client, {"title_ko": "되돌리며 고친 제목"})

    assert response.status_code == 503
    assert NOTHING_SAVED in response.content.decode()
    assert 'value="되돌리며 고친 제목"' in response.content.decode()


@pytest.mark.database
def test_any_other_write_answers_the_503_page(admin_client, sample_codes):
    usage = sample_codes[499].vendor_usages.get()
    url = reverse("admin:statuses_vendorusage_delete", args=[usage.pk])
    form = open_form(admin_client, url)
    admin_client.raise_request_exception = False  # answer as the site does, with its 503 page

    with read_only_database():
        response = form.submit(admin_client)

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "503 Service Unavailable" in response.content.decode()
    assert sample_codes[499].vendor_usages.exists()


@pytest.mark.django_db(transaction=True)
def test_a_save_on_a_full_disk_answers_503_and_keeps_the_form(editor_client, sample_codes):
    form = open_form(editor_client, CHANGE_404)
    typed = "디스크가 가득 찼을 때 쓴 설명. " * (LONG_TEXT_LIMIT // 20)

    with full_disk():
        response = form.submit(editor_client, {"description_ko": typed.strip()})
        assert_form_kept(response, typed.strip())
        assert editor_client.get("/404/").status_code == 200

    assert StatusCode.objects.get(pk=404).description_ko != typed.strip()
