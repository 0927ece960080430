"""Every registered admin model and action, for both roles, through the forms the pages render.

For each model the walk opens the list (with every filter the page offers and a search), the
add, change, delete and history pages, a history entry, the deleted rows, and the autocomplete
its forms use; where the role may act, it submits the rendered form with one field changed as a
person would (add, change, an inline row, revert, delete, delete from the list, recover) and
checks the database. No page may answer 5xx or carry inline style or script (the CSP refuses
them).
"""

import re
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import User
from django.core.management import call_command
from django.forms.models import _get_foreign_key
from django.test import Client
from django.urls import reverse

from statuses.management.commands.create_editor_group import EDITOR_PERMISSIONS
from statuses.models import DecisionAnswer, DecisionStep, Guide, GuideFact

from .forms import Form, form_in

pytestmark = pytest.mark.database

PASSWORD = "pw-for-tests-only-9"

# What a person types to add a row, per model (only what the add form asks for).
NEW_ROWS = {
    "statuses.statusclass": {  # all five classes exist: a sixth is refused by the form
        "digit": "6",
        "name_ko": "여섯째",
        "name_en": "Sixth",
        "summary_ko": "없는 클래스",
        "description_ko": "없는 클래스입니다.",
    },
    "statuses.statuscode": {
        "code": "451",
        "title_ko": "법적 사유로 이용 불가",
        "summary_ko": "법적 요구로 막힌 리소스입니다.",
        "description_ko": "법적 사유로 제공할 수 없습니다.",
        "related_codes": ["404"],
    },
    "statuses.vendorusage": {
        "code": "404",
        "vendor": "IIS",
        "name": "Not Found",
        "description_ko": "IIS는 404 뒤에 하위 코드를 붙여 로그에 남깁니다.",
        "source_url": "https://learn.microsoft.com/troubleshoot/developer/webapps/iis/",
    },
    "statuses.codecomparison": {
        "first": "404",
        "second": "418",
        "note_ko": "404는 없는 리소스를, 418은 쓰지 않는 번호를 뜻합니다.",
    },
    "statuses.guide": {
        "slug": "gone-or-missing",
        "kind": "tables",
        "title_ko": "404와 410 고르기",
        "summary_ko": "없는 리소스에 어떤 코드를 보낼지 정합니다.",
        "body_ko": "다시 생기지 않을 리소스라면 410을 보내세요.",
    },
    "statuses.decisionstep": {
        "slug": "gone",
        "guide": "which-status",
        "question_ko": "리소스가 영구히 사라졌나요?",
    },
    "statuses.guidefact": {
        "guide": "caching",
        "table": "cache-default",
        "row": "2",
        "subject": "Varnish",
        "code": "410",
        "value": "yes",
        "evidence": "cited",
        "source_url": "https://www.rfc-editor.org/rfc/rfc9111#section-4.2.2",
    },
    "auth.user": {"username": "newcomer", "password1": PASSWORD, "password2": PASSWORD},
    "auth.group": {"name": "reviewers"},
}
REFUSED_ROWS = {"statuses.statusclass"}

# One field a person changes, per model.
CHANGES = {
    "statuses.statusclass": ("summary_ko", "고친 클래스 요약"),
    "statuses.statuscode": ("summary_ko", "고친 코드 요약"),
    "statuses.vendorusage": ("name", "고친 이름"),
    "statuses.codecomparison": ("note_ko", "고친 비교 문장입니다."),
    "statuses.guide": ("summary_ko", "고친 안내서 요약입니다."),
    "statuses.decisionstep": ("question_ko", "고친 질문인가요?"),
    "statuses.guidefact": ("note_ko", "고친 메모입니다."),
    "auth.user": ("first_name", "민아"),
    "auth.group": ("name", "renamed"),
}

ROLES = ["superuser", "editor"]
MODELS = sorted(model._meta.label_lower for model in admin.site._registry)


def editor_may(action, opts):
    return opts.app_label == "statuses" and f"{action}_{opts.model_name}" in EDITOR_PERMISSIONS


def may(role, action, model_admin, user):
    if role == "editor":
        return editor_may(action, model_admin.opts)
    request = type("Request", (), {"user": user})()
    return getattr(model_admin, f"has_{action}_permission")(request)


class Visitor:
    """A logged-in person: every page they open is checked for errors and inline code."""

    def __init__(self, client):
        self.client = client

    def check(self, response, screen, expected):
        assert response.status_code < 500, (screen, response.status_code)
        assert response.status_code == expected, (screen, response.status_code, expected)
        if response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode()
            assert not re.search(r"<[^>]+\sstyle=", html), f"inline style on {screen}"
            inline_script = r"<script(?![^>]*\b(?:src|type=\"application/json\"))"
            assert not re.search(inline_script, html), f"inline script on {screen}"
        return response

    def get(self, url, screen, expected=200):
        return self.check(self.client.get(url), screen, expected)

    def form(self, url, screen, form_id=None):
        response = self.get(url, screen)
        return form_in(response.content.decode(), url, form_id)

    def submit(self, form, screen, changes=None, expected=302, button=None):
        return self.check(form.submit(self.client, changes, button), screen, expected)


@pytest.fixture
def guides(sample_codes):
    """A decision guide whose first step leads to a second, which ends at 404; a fact table."""
    decision = Guide.objects.create(
        slug="which-status",
        kind=Guide.Kind.DECISION,
        title_ko="어떤 코드를 보낼까",
        summary_ko="질문에 답하면 보낼 코드를 알려 줍니다.",
        body_ko="질문에 차례로 답하세요.",
    )
    first = DecisionStep.objects.create(
        slug="exists", guide=decision, question_ko="리소스가 있나요?"
    )
    second = DecisionStep.objects.create(
        slug="missing", guide=decision, position=1, question_ko="다시 생길 수 있나요?"
    )
    DecisionAnswer.objects.create(step=first, label_ko="아니요", next_step=second)
    DecisionAnswer.objects.create(
        step=second, label_ko="네", end_code=sample_codes[404], note_ko="없다는 것만 알립니다."
    )
    tables = Guide.objects.create(
        slug="caching",
        position=1,
        title_ko="상태 코드별 캐시",
        summary_ko="어떤 응답이 저장되는지 정리합니다.",
        body_ko="[[table:cache-default]]",
    )
    GuideFact.objects.create(
        guide=tables,
        table=GuideFact.Table.CACHE_DEFAULT,
        row=1,
        subject="nginx",
        code=sample_codes[404],
        value="yes",
        evidence=GuideFact.Evidence.CITED,
        source_url="https://www.rfc-editor.org/rfc/rfc9111#section-4.2.2",
    )


@pytest.fixture
def people(sample_codes, guides, editor, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", "root@example.com", PASSWORD)
    call_command("create_editor_group", stdout=StringIO())
    AccessAttempt.objects.create(username="mallory", ip_address="127.0.0.1", failures_since_start=2)
    AccessLog.objects.create(username="editor", ip_address="127.0.0.1")
    AccessFailureLog.objects.create(username="mallory", ip_address="127.0.0.1")
    return {"superuser": superuser, "editor": editor}


def url_of(opts, view, *args, query=""):
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args) + query


@pytest.mark.parametrize("label", MODELS)
@pytest.mark.parametrize("role", ROLES)
def test_every_admin_screen_works_for_every_role(people, role, label):
    user = people[role]
    client = Client()
    client.force_login(user)
    model_admin = next(a for m, a in admin.site._registry.items() if m._meta.label_lower == label)
    model, opts = model_admin.model, model_admin.opts
    visitor = Visitor(client)
    can = {
        action: may(role, action, model_admin, user)
        for action in ("view", "add", "change", "delete")
    }
    can["view"] = can["view"] or can["change"]
    seen = 200 if can["view"] else 403
    row = model._default_manager.order_by("pk").first()

    # The list, every filter it offers, a search.
    changelist = url_of(opts, "changelist")
    response = visitor.get(changelist, "list", seen)
    if can["view"]:
        html = response.content.decode()
        nav = html.split('id="changelist-filter"')[1] if 'id="changelist-filter"' in html else ""
        for href in sorted(set(re.findall(r'href="(\?[^"]*)"', nav)))[:12]:
            visitor.get(changelist + href.replace("&amp;", "&"), "filter")
        if model_admin.search_fields:
            visitor.get(changelist + "?q=4", "search")

    # Autocomplete, as the add and change forms (and their inline rows) call it.
    sources = [(opts, model_admin.autocomplete_fields)]
    sources += [(inline.model._meta, inline.autocomplete_fields) for inline in model_admin.inlines]
    for source, field_names in sources:
        for field_name in field_names:
            query = f"?app_label={source.app_label}&model_name={source.model_name}"
            query += f"&field_name={field_name}&term=4"
            visitor.get(reverse("admin:autocomplete") + query, "autocomplete", seen)

    # Add.
    add_url = url_of(opts, "add")
    if can["add"]:
        form = visitor.form(add_url, "add")
        if label in REFUSED_ROWS:
            response = visitor.submit(form, "add refused", NEW_ROWS[label], expected=200)
            assert "errornote" in response.content.decode()
        else:
            before = model._default_manager.count()
            visitor.submit(form, "add", NEW_ROWS[label])
            assert model._default_manager.count() == before + 1
    else:
        visitor.get(add_url, "add", 403)

    if row is None:
        return
    # Change (or view), history, a history entry and revert.
    change_url = url_of(opts, "change", row.pk)
    if can["change"] and label in CHANGES:
        name, value = CHANGES[label]
        visitor.submit(visitor.form(change_url, "change"), "change", {name: value})
        assert getattr(model._default_manager.get(pk=row.pk), name) == value
    else:
        visitor.get(change_url, "change", seen)
    visitor.get(url_of(opts, "history", row.pk), "history", seen)
    if hasattr(model, "history") and can["view"]:
        entries = model.history.filter(**{opts.pk.attname: row.pk})
        first = entries.earliest("history_date", "history_id")
        entry_url = url_of(opts, "simple_history", row.pk, first.pk)
        form = visitor.form(entry_url, "history entry")
        if can["change"]:
            visitor.submit(form, "revert")
            reverted = model._default_manager.get(pk=row.pk)
            if label in CHANGES:
                name, value = CHANGES[label]
                assert getattr(reverted, name) == getattr(first, name)
        else:
            visitor.submit(form, "revert", expected=403)

    # An inline row, added where the page offers one.
    for inline in model_admin.inlines:
        may_add_inline = role == "superuser" or editor_may("add", inline.model._meta)
        if can["change"] and may_add_inline:
            form = visitor.form(change_url, "inline")
            link = _get_foreign_key(model, inline.model, fk_name=inline.fk_name)
            row_values = INLINE_ROWS[inline.model._meta.label_lower]
            form.add_inline_row(link.remote_field.get_accessor_name(model=False), **row_values)
            before = inline.model._default_manager.count()
            visitor.submit(form, "inline add")
            assert inline.model._default_manager.count() == before + 1

    # Delete: the confirmation page, then "Yes"; then recover the deleted row.
    delete_url = url_of(opts, "delete", row.pk)
    if not can["delete"]:
        visitor.get(delete_url, "delete", 403)
        if hasattr(model, "history"):
            recoverable = 200 if can["add"] and can["change"] else 403
            visitor.get(url_of(opts, "recover"), "recover list", recoverable)
        return
    form = visitor.form(delete_url, "delete")
    if "post" not in form:  # protected by rows that depend on it (a class with codes)
        return
    visitor.submit(form, "delete")
    assert not model._default_manager.filter(pk=row.pk).exists()
    if hasattr(model, "history"):
        recover_list = visitor.get(url_of(opts, "recover"), "recover list").content.decode()
        link = re.search(r'<table id="deleted-rows">.*?<a href="([^"]+)"', recover_list, re.S)
        assert link, "the deleted row is listed"
        visitor.submit(visitor.form(link[1], "recover"), "recover")
        assert model._default_manager.filter(pk=row.pk).exists()

    # Delete from the list with the "delete selected" action, confirmed.
    other = model._default_manager.exclude(pk=user.pk if model is User else None).first()
    if other is None:
        return
    actions = visitor.form(changelist, "list actions", form_id="changelist-form")
    actions.update({"action": "delete_selected", "_selected_action": str(other.pk)})
    confirmation = visitor.submit(actions, "delete selected", expected=200, button="index")
    form = form_in(confirmation.content.decode(), changelist)
    visitor.submit(form, "delete selected, confirmed")
    assert not model._default_manager.filter(pk=other.pk).exists()


# What a person types into an inline's new row, per inline model.
INLINE_ROWS = {
    "statuses.vendorusage": {
        "vendor": "Apache",
        "name": "Inline",
        "description_ko": "인라인에서 추가한 설명입니다.",
        "source_url": "https://httpd.apache.org/docs/",
    },
    "statuses.decisionanswer": {"position": "5", "label_ko": "모르겠어요", "end_code": "410"},
}


def test_the_walk_changes_a_field_of_every_model_the_admin_lets_change():
    """The walk submits a change only for the models it knows a change for: a new one needs one."""
    request = type("Request", (), {"user": User(is_superuser=True, is_active=True)})()
    changeable = {
        model._meta.label_lower
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_change_permission(request) and model_admin.get_form(request).base_fields
    }
    assert changeable <= set(CHANGES)


def test_an_editor_is_refused_users_and_settings_even_by_post(people):
    client = Client()
    client.force_login(people["editor"])
    user = User.objects.get(username="root")
    form = Form(reverse("admin:auth_user_change", args=[user.pk]), {"method": "post"})
    form.update({"username": "root", "is_superuser": True})

    assert form.submit(client).status_code == 403
