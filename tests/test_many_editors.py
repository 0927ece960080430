"""Many editors saving at the same moment on a served site (real threads, real connections).

Each editor is an HTTP client with their own session: they open the rendered change form, and
a barrier releases every save at once. Saves of different rows must all succeed; saves racing on
one row must give exactly one winner and the conflict form to every other editor; nothing may
answer 5xx (SQLite's "database is locked" was one).
"""

import http.client
import threading
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from statuses.editing import locking
from statuses.models import LONG_TEXT_LIMIT, StatusCode, VendorUsage

from . import ports
from .conftest import make_code
from .forms import form_in
from .live_site import live_site

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.database]

CONFLICT = "다른 사람이 저장했습니다"
PORT = ports.MANY_EDITORS


@pytest.fixture
def served_site(transactional_db):
    """The site served by threads with their own database connections."""
    with live_site(PORT) as url:
        yield url


class HttpEditor:
    """A person with a browser session, talking HTTP to the served site."""

    def __init__(self, base_url, user):
        client = Client()
        client.force_login(user)
        self.cookies = {"sessionid": client.cookies["sessionid"].value}
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port

    def request(self, method, path, body=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Response(response.status, content)

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data):
        return self.request("POST", path, urlencode(data, doseq=True).encode())

    def open_form(self, path):
        response = self.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return form_in(response.content.decode(), path)


class Response:
    def __init__(self, status_code, content):
        self.status_code, self.content = status_code, content


def save_all_at_once(editors, forms):
    """Each editor submits their form, all released together; the responses in order."""
    return all_at_once([lambda e=e, f=f: f.submit(e) for e, f in zip(editors, forms, strict=True)])


def all_at_once(jobs):
    """Run the jobs in threads released together; return their results in order."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        barrier.wait()
        try:
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - reported below as a failed save
            results[index] = error

    threads = [threading.Thread(target=run, args=item) for item in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for result in results:
        assert not isinstance(result, Exception), result
        assert result.status_code < 500, result.content.decode()[:2000]
    return results


def change_url(code):
    return reverse("admin:statuses_statuscode_change", args=[code])


def test_thirty_editors_saving_thirty_codes_at_once_all_succeed(served_site, status_classes):
    from django.contrib.auth.models import User

    from .conftest import EDITOR_PASSWORD

    codes = list(range(200, 215)) + list(range(400, 415))
    for code in codes:
        make_code(code)
    users = [User.objects.create_user(f"editor{n}", password=EDITOR_PASSWORD) for n in codes]
    from django.core.management import call_command

    call_command("create_editor_group", add=[user.username for user in users], verbosity=0)
    editors = [HttpEditor(served_site, user) for user in users]
    forms = []
    for editor, code in zip(editors, codes, strict=True):
        forms.append(editor.open_form(change_url(code)))
        forms[-1].update({"summary_ko": f"{code} 동시에 고친 요약"})

    responses = save_all_at_once(editors, forms)

    assert [response.status_code for response in responses] == [302] * len(codes)
    saved = dict(StatusCode.objects.filter(code__in=codes).values_list("code", "summary_ko"))
    assert saved == {code: f"{code} 동시에 고친 요약" for code in codes}


def test_ten_editors_racing_on_one_code_give_one_winner_and_nine_conflict_forms(
    served_site, sample_codes, editor
):
    editors = [HttpEditor(served_site, editor) for _ in range(10)]
    forms = [person.open_form(change_url(404)) for person in editors]
    for number, form in enumerate(forms):
        form.update({"description_ko": f"편집자 {number}의 설명"})

    responses = save_all_at_once(editors, forms)

    statuses = [response.status_code for response in responses]
    assert statuses.count(302) == 1, statuses
    assert statuses.count(200) == 9, statuses
    winner = statuses.index(302)
    for number, response in enumerate(responses):
        if number != winner:
            html = response.content.decode()
            assert CONFLICT in html
            assert f"편집자 {number}의 설명</textarea>" in html  # their text is still there
    status = StatusCode.objects.get(pk=404)
    assert status.description_ko == f"편집자 {winner}의 설명"
    assert status.version == 2


def test_editors_adding_the_same_vendor_meaning_at_once_get_one_row(
    served_site, sample_codes, editor
):
    editors = [HttpEditor(served_site, editor) for _ in range(6)]
    add_url = reverse("admin:statuses_vendorusage_add")
    forms = [person.open_form(add_url) for person in editors]
    for form in forms:
        form.update(
            {
                "code": "404",
                "vendor": "IIS",
                "description_ko": "IIS의 404 하위 코드입니다.",
                "source_url": "https://learn.microsoft.com/troubleshoot/developer/webapps/iis/",
            }
        )

    responses = save_all_at_once(editors, forms)

    statuses = [response.status_code for response in responses]
    assert statuses.count(302) == 1, statuses
    assert statuses.count(200) == 5, statuses
    assert VendorUsage.objects.filter(code=404, vendor="IIS").count() == 1


def test_a_stale_save_of_the_longest_repetitive_text_holds_up_no_other_save(
    served_site, sample_codes, editor, monkeypatch
):
    """The stale save's message compares the longest text allowed, one word repeated (the shape
    difflib took minutes on), and it is built after the save's transaction: on SQLite that
    transaction holds the write lock, so a difference built inside it would keep every other
    save waiting. Here the difference waits until another editor's save of another row is done;
    built under the lock, that save would wait for it in turn, until "database is locked"."""
    repetitive = ("a " * LONG_TEXT_LIMIT)[: LONG_TEXT_LIMIT - 1]
    status = StatusCode.objects.get(pk=404)
    status.description_ko = repetitive
    status.save()
    stale, winner, other = (HttpEditor(served_site, editor) for _ in range(3))
    stale_form = stale.open_form(change_url(404))
    winner_form = winner.open_form(change_url(404))
    other_form = other.open_form(change_url(410))
    half = LONG_TEXT_LIMIT // 2
    assert (
        winner_form.submit(
            winner, {"description_ko": repetitive[:half] + "b" + repetitive[half + 1 :]}
        ).status_code
        == 302
    )
    stale_form.update({"description_ko": repetitive[:-1] + "c"})

    building, other_saved, seen = threading.Event(), threading.Event(), {}
    real_word_diff = locking.word_diff

    def word_diff_after_the_other_save(old, new):
        seen.setdefault("in_transaction", connection.in_atomic_block)
        building.set()
        seen.setdefault("other_saved_meanwhile", other_saved.wait(timeout=30))
        return real_word_diff(old, new)

    monkeypatch.setattr(locking, "word_diff", word_diff_after_the_other_save)
    stale_response = {}
    stale_save = threading.Thread(
        target=lambda: stale_response.update(response=stale_form.submit(stale))
    )
    stale_save.start()
    try:
        assert building.wait(timeout=60), "the stale save showed no difference"
        other_response = other_form.submit(other, {"summary_ko": "그동안 고친 요약"})
        if other_response.status_code == 302:
            other_saved.set()
    finally:
        other_saved.set()
        stale_save.join(timeout=120)

    assert other_response.status_code == 302, other_response.content.decode()[:2000]
    assert StatusCode.objects.get(pk=410).summary_ko == "그동안 고친 요약"
    assert seen == {"in_transaction": False, "other_saved_meanwhile": True}
    html = stale_response["response"].content.decode()
    assert stale_response["response"].status_code == 200
    assert CONFLICT in html
    changes = html.split('class="conflict-changes"')[1].split("</ul>")[0]
    assert "<del>a </del><ins>b </ins>" in changes  # word by word, not the whole text
    assert repetitive[:-1] + "c</textarea>" in html  # the stale editor's text is kept
    assert StatusCode.objects.get(pk=404).description_ko.count("b") == 1
