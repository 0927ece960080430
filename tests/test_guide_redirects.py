"""The redirect guide's measured cells, measured: each client against this site's own /try/.

Every cell the page marks "measured" is checked here by running that client (curl, requests,
httpx, urllib, Django's test client) against a live server of this site; a cell that disagrees
with what the client really does fails the test. Cells for clients that cannot run here
(browsers, search engines) are cited, and must say where from.
"""

import subprocess
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import httpx
import pytest
import requests
from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import redirect
from django.test import Client

from statuses.content.loader import load_content
from statuses.models import FOLLOWED_REDIRECTS, GuideFact

from . import ports
from .guide_measuring import (
    CHROMIUM_SUBJECTS,
    compare,
    measured_facts,
    redirect_observed,
    request_log,
)
from .live_site import live_site

PORT = ports.GUIDE_REDIRECTS
PROBE = b"probe=1"
FORM = "application/x-www-form-urlencoded"
TIMEOUT = 20


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), live_site(PORT) as url:
        yield url


@pytest.fixture
def site(server, transactional_db, settings):
    # Try-it's Location names the canonical origin: here, the live server itself.
    settings.SITE_URL = server
    load_content()
    with request_log() as log:
        yield server, log


def curl(*args):
    subprocess.run(["curl", "--silent", "--output", "/dev/null", *args], check=True, timeout=30)


def quietly(call):
    """urllib raises for any 4xx, including the 405 the redirect target answers to a POST."""
    try:
        with call() as response:
            response.read()
    except urllib.error.HTTPError:
        pass


# A POST with a body, redirected: each client as it is usually told to follow redirects.
POST_FOLLOWING = {
    "curl -L": lambda url: curl("--location", "--data", PROBE.decode(), url),
    "requests": lambda url: requests.post(url, data=PROBE, headers={"Content-Type": FORM}),
    "httpx (follow_redirects=True)": lambda url: httpx.post(
        url, content=PROBE, headers={"Content-Type": FORM}, follow_redirects=True
    ),
    "urllib.request": lambda url: quietly(
        lambda: urllib.request.urlopen(
            urllib.request.Request(url, data=PROBE, headers={"Content-Type": FORM}),
            timeout=TIMEOUT,
        )
    ),
    "Django test client (follow=True)": lambda url: Client().post(
        urlsplit(url).path, PROBE, content_type=FORM, follow=True
    ),
}

# A GET with each client's default settings.
GET_BY_DEFAULT = {
    "curl (without -L)": lambda url: curl(url),
    "requests": lambda url: requests.get(url, timeout=TIMEOUT),
    "httpx": lambda url: httpx.get(url, timeout=TIMEOUT),
    "urllib.request": lambda url: quietly(lambda: urllib.request.urlopen(url, timeout=TIMEOUT)),
    "Django test client": lambda url: Client().get(urlsplit(url).path),
}


def twice_with_curl(url):
    curl("--location", "--output", "/dev/null", url, url)  # one curl, two transfers


def twice_with_requests(url):
    with requests.Session() as session:
        session.get(url, timeout=TIMEOUT)
        session.get(url, timeout=TIMEOUT)


def twice_with_httpx(url):
    with httpx.Client(follow_redirects=True, timeout=TIMEOUT) as client:
        client.get(url)
        client.get(url)


def twice_with_urllib(url):
    opener = urllib.request.build_opener()
    quietly(lambda: opener.open(url, timeout=TIMEOUT))
    quietly(lambda: opener.open(url, timeout=TIMEOUT))


def twice_with_django_client(url):
    client = Client()
    client.get(urlsplit(url).path, follow=True)
    client.get(urlsplit(url).path, follow=True)


# The same redirect asked twice with one client, following redirects.
ASKED_TWICE = {
    "curl -L": twice_with_curl,
    "requests.Session": twice_with_requests,
    "httpx.Client": twice_with_httpx,
    "urllib.request": twice_with_urllib,
    "Django test client": twice_with_django_client,
}

MEASURERS = {
    GuideFact.Table.REDIRECT_METHOD: POST_FOLLOWING,
    GuideFact.Table.REDIRECT_FOLLOW: GET_BY_DEFAULT,
    GuideFact.Table.REDIRECT_CACHE: ASKED_TWICE,
}
REDIRECT_CODES = sorted(FOLLOWED_REDIRECTS)


def try_url(base, code):
    return f"{base}/try/{code}/"


def test_a_redirected_post_keeps_or_loses_its_method_and_body_as_the_page_says(site):
    base, log = site

    def measure(fact):
        log.clear()
        POST_FOLLOWING[fact.subject](try_url(base, fact.code_id))
        assert log.to(f"/try/{fact.code_id}/"), "the client never reached /try/"
        return redirect_observed(log, fact.code_id, len(PROBE))

    facts = measured_facts(GuideFact.Table.REDIRECT_METHOD)
    facts = [fact for fact in facts if fact.subject not in CHROMIUM_SUBJECTS]
    assert {fact.subject for fact in facts} == set(POST_FOLLOWING)
    assert compare(facts, measure) == []


def test_whether_a_get_redirect_is_followed_by_default_is_as_the_page_says(site):
    base, log = site

    def measure(fact):
        log.clear()
        GET_BY_DEFAULT[fact.subject](try_url(base, fact.code_id))
        return "yes" if log.to(f"/{fact.code_id}/") else "no"

    facts = measured_facts(GuideFact.Table.REDIRECT_FOLLOW)
    assert {fact.subject for fact in facts} == set(GET_BY_DEFAULT)
    assert compare(facts, measure) == []


def test_whether_a_client_remembers_a_redirect_is_as_the_page_says(site):
    base, log = site

    def measure(fact):
        log.clear()
        ASKED_TWICE[fact.subject](try_url(base, fact.code_id))
        asked = len(log.to(f"/try/{fact.code_id}/"))
        targets = len(log.to(f"/{fact.code_id}/"))
        assert targets == 2, "both requests should reach the redirect's target"
        return {1: "yes", 2: "no"}.get(asked, f"asked {asked} times")

    facts = measured_facts(GuideFact.Table.REDIRECT_CACHE)
    assert {fact.subject for fact in facts} == set(ASKED_TWICE)
    assert compare(facts, measure) == []


def test_each_django_redirect_call_sends_the_code_the_page_gives_it(content):
    namespace = {
        "redirect": redirect,
        "HttpResponseRedirect": HttpResponseRedirect,
        "HttpResponsePermanentRedirect": HttpResponsePermanentRedirect,
        "to": "/elsewhere/",
    }

    def measure(fact):
        response = eval(fact.subject, namespace)  # the call exactly as the page shows it
        assert response["Location"] == "/elsewhere/"
        return "yes" if response.status_code == fact.code_id else f"sends {response.status_code}"

    facts = measured_facts(GuideFact.Table.DJANGO_REDIRECT)
    assert {fact.code_id for fact in facts} == set(REDIRECT_CODES)
    assert compare(facts, measure) == []


def test_every_cell_a_client_here_can_measure_is_measured_and_the_rest_are_sourced(content):
    for table, measurers in MEASURERS.items():
        facts = GuideFact.objects.filter(guide="redirects", table=table)
        for subject in measurers:
            cells = facts.filter(subject=subject)
            assert sorted(cells.values_list("code", flat=True)) == REDIRECT_CODES, subject
            assert all(cell.is_measured for cell in cells), f"{subject} has a cited cell"
        measured_elsewhere = facts.filter(subject__in=CHROMIUM_SUBJECTS)
        assert all(cell.is_measured for cell in measured_elsewhere)
        cited = facts.exclude(subject__in=[*measurers, *CHROMIUM_SUBJECTS])
        assert cited.exists()
        assert all(f.evidence == "cited" and f.source_url.startswith("https://") for f in cited)
