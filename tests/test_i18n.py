import gettext
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from statuses.models import StatusCode


def test_korean_at_the_root_english_under_en(client, sample_codes):
    korean = client.get("/404/").content.decode()
    english = client.get("/en/404/").content.decode()

    assert '<html lang="ko">' in korean and "요청한 리소스를 찾을 수 없습니다." in korean
    assert '<html lang="en">' in english and "The server cannot find" in english
    assert "관련 코드" in korean and "Related codes" in english


def test_the_root_stays_korean_whatever_the_browser_says(client, sample_codes):
    html = client.get("/404/", headers={"Accept-Language": "en"}).content.decode()

    assert '<html lang="ko">' in html


@pytest.mark.parametrize(("path", "other"), [("/404/", "/en/404/"), ("/en/4xx/", "/4xx/")])
def test_language_switch_keeps_you_on_the_same_page(client, sample_codes, path, other):
    html = client.get(path).content.decode()

    assert re.search(rf'<nav class="language-switch"[^>]*>\s*<a href="{other}"', html)


def test_language_switch_keeps_the_search_query(client, sample_codes):
    html = client.get("/search/", {"q": "찾을"}).content.decode()

    assert 'href="/en/search/?q=%EC%B0%BE%EC%9D%84"' in html


def test_hreflang_alternates_and_canonical(client, sample_codes):
    html = client.get("/en/404/").content.decode()

    assert '<link rel="canonical" href="https://status.example/en/404/">' in html
    assert '<link rel="alternate" hreflang="ko" href="https://status.example/404/">' in html
    assert '<link rel="alternate" hreflang="en" href="https://status.example/en/404/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="https://status.example/404/">' in html


def test_missing_english_text_falls_back_with_a_note(client, sample_codes):
    StatusCode.objects.filter(pk=404).update(description_en="")

    html = client.get("/en/404/").content.decode()

    assert '<div class="prose" lang="ko"><p>서버에 <strong>해당 리소스</strong>가 없습니다.' in html
    assert "not written yet" in html


def test_dates_follow_the_language(client, sample_codes):
    korean = client.get("/404/").content.decode()
    english = client.get("/en/404/").content.decode()

    assert re.search(r"\d{4}년 \d{1,2}월 \d{1,2}일", korean)
    assert re.search(r"[A-Z][a-z]{2}\.? \d{1,2}, \d{4}", english)


def test_admin_is_korean_by_default_and_follows_the_browser(admin_client):
    korean = admin_client.get(reverse("admin:index")).content.decode()
    english = admin_client.get(
        reverse("admin:index"), headers={"Accept-Language": "en"}
    ).content.decode()

    assert "사이트 관리" in korean or "콘텐츠" in korean
    assert "Content" in english


def test_every_catalogue_entry_is_translated_and_compiled():
    folder = settings.BASE_DIR / "locale/ko/LC_MESSAGES"
    po = (folder / "django.po").read_text(encoding="utf-8")
    with (folder / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    assert "#, fuzzy" not in po
    assert not re.search(r'msgstr ""\n\n', po.split("\n\n", 1)[1]), "an empty translation"
    assert len(compiled._catalog) == po.count("\nmsgid "), "django.mo is out of date"
    with translation.override("ko"):
        assert translation.gettext("Related codes") == "관련 코드"
