"""The redirect guide's measured cells, measured: each client against this site's own /try/.

Every cell the page marks "measured" is checked here by running that client (curl, requests,
httpx, urllib, Go's net/http, Django's test client) against a live server of this site; a cell
that disagrees with what the client really does fails the test. Cells for clients that cannot
run here (other browsers, search engines) are cited, and must say where from; Chromium's are
measured by the browser tests.
"""

import contextlib
import shutil
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
from django.test.client import RedirectCycleError

from statuses.models import FOLLOWED_REDIRECTS, GuideFact

from . import ports
from .conftest import require
from .guide_measuring import (
    AUTHORIZATION,
    CHROMIUM_SUBJECTS,
    OTHER_METHODS,
    PROBE,
    authorization_kept,
    compare,
    facts_measured_here,
    hops_followed,
    measured_facts,
    other_methods_observed,
    plain_origin,
    redirect_observed,
    request_log,
)
from .live_site import live_site

PORT, PLAIN_PORT = ports.GUIDE_REDIRECTS
FORM = "application/x-www-form-urlencoded"
TIMEOUT = 20
GO_CLIENT = "tests/redirect_client.go"


@pytest.fixture(scope="module")
def server(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), live_site(PORT) as url:
        yield url


@pytest.fixture(scope="module")
def plain(server, tmp_path_factory):
    """The site with no caching header: what "asked twice" is measured against."""
    with plain_origin(PORT, PLAIN_PORT, tmp_path_factory.mktemp("plain-origin")) as url:
        yield url


@pytest.fixture(scope="session")
def go(tmp_path_factory):
    """Go's net/http client (tests/redirect_client.go), built once: go(mode, url)."""
    binary = tmp_path_factory.mktemp("go") / "redirect_client"
    subprocess.run(["go", "build", "-o", str(binary), GO_CLIENT], check=True, timeout=300)

    def run(mode, url):
        subprocess.run([str(binary), mode, url], check=True, timeout=60, capture_output=True)

    return run


@pytest.fixture
def site(server, transactional_db, content, settings):
    # Try-it's Location names the canonical origin: here, the live server itself.
    settings.SITE_URL = server
    with request_log() as log:
        yield server, log


def curl(*args, check=True):
    require(shutil.which("curl"), "curl", "make proxies")
    subprocess.run(["curl", "--silent", "--output", "/dev/null", *args], check=check, timeout=60)


def quietly(call):
    """urllib raises for any 4xx, including the 405 the redirect target answers to a POST."""
    try:
        with call() as response:
            response.read()
    except urllib.error.HTTPError:
        pass


def raising(call, *errors):
    """Run a call that ends by raising one of ``errors`` (a redirect limit reached)."""
    with contextlib.suppress(*errors):
        call()


def post_following(go):
    """A POST with a body, redirected: each client as it is usually told to follow redirects."""
    return {
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
        "Go net/http": lambda url: go("post", url),
        "Django test client (follow=True)": lambda url: Client().post(
            urlsplit(url).path, PROBE, content_type=FORM, follow=True
        ),
    }


def body_for(method):
    return None if method == "DELETE" else PROBE


def other_method_following(go):
    """PUT, PATCH or DELETE (with the body probe=1, DELETE without), redirected: (url, method)."""

    def with_curl(url, method):
        data = [] if method == "DELETE" else ["--data", PROBE.decode()]
        curl("--location", "--request", method, *data, url)

    def with_urllib(url, method):
        request = urllib.request.Request(
            url, data=body_for(method), headers={"Content-Type": FORM}, method=method
        )
        quietly(lambda: urllib.request.urlopen(request, timeout=TIMEOUT))

    def with_django(url, method):
        call = getattr(Client(), method.lower())
        call(urlsplit(url).path, body_for(method) or "", content_type=FORM, follow=True)

    return {
        "curl -L -X": with_curl,
        "requests": lambda url, method: requests.request(
            method, url, data=body_for(method), headers={"Content-Type": FORM}, timeout=TIMEOUT
        ),
        "httpx (follow_redirects=True)": lambda url, method: httpx.request(
            method,
            url,
            content=body_for(method),
            headers={"Content-Type": FORM},
            follow_redirects=True,
            timeout=TIMEOUT,
        ),
        "urllib.request": with_urllib,
        "Go net/http": lambda url, method: go(method, url),
        "Django test client (follow=True)": with_django,
    }


def get_by_default(go):
    """A GET with each client's default settings."""
    return {
        "curl (without -L)": lambda url: curl(url),
        "requests": lambda url: requests.get(url, timeout=TIMEOUT),
        "httpx": lambda url: httpx.get(url, timeout=TIMEOUT),
        "urllib.request": lambda url: quietly(lambda: urllib.request.urlopen(url, timeout=TIMEOUT)),
        "Go net/http": lambda url: go("get", url),
        "Django test client": lambda url: Client().get(urlsplit(url).path),
    }


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


def asked_twice(go):
    """The same redirect asked twice with one client, following redirects."""
    return {
        "curl -L": lambda url: curl("--location", "--output", "/dev/null", url, url),
        "requests.Session": twice_with_requests,
        "httpx.Client": twice_with_httpx,
        "urllib.request": twice_with_urllib,
        "Go net/http": lambda url: go("twice", url),
        "Django test client": twice_with_django_client,
    }


def chain_following(go):
    """The /hop/ chain of 302s, followed until the client gives up."""
    return {
        "curl -L": lambda url: curl("--location", url, check=False),  # exits 47 at its limit
        "requests": lambda url: raising(
            lambda: requests.get(url, timeout=TIMEOUT), requests.TooManyRedirects
        ),
        "httpx (follow_redirects=True)": lambda url: raising(
            lambda: httpx.get(url, follow_redirects=True, timeout=TIMEOUT),
            httpx.TooManyRedirects,
        ),
        "urllib.request": lambda url: quietly(lambda: urllib.request.urlopen(url, timeout=TIMEOUT)),
        "Go net/http": lambda url: go("get", url),
        "Django test client (follow=True)": lambda url: raising(
            lambda: Client().get(urlsplit(url).path, follow=True), RedirectCycleError
        ),
    }


def authorized(go):
    """A GET carrying Authorization, redirected to another origin."""
    header = {"Authorization": AUTHORIZATION}
    return {
        "curl -L": lambda url: curl(
            "--location", "--header", f"Authorization: {AUTHORIZATION}", url
        ),
        "requests": lambda url: requests.get(url, headers=header, timeout=TIMEOUT),
        "httpx (follow_redirects=True)": lambda url: httpx.get(
            url, headers=header, follow_redirects=True, timeout=TIMEOUT
        ),
        "urllib.request": lambda url: quietly(
            lambda: urllib.request.urlopen(urllib.request.Request(url, headers=header))
        ),
        "Go net/http": lambda url: go("auth", url),
        "Django test client (follow=True)": lambda url: Client().get(
            urlsplit(url).path, headers=header, follow=True
        ),
    }


MEASURERS = {
    GuideFact.Table.REDIRECT_METHOD: post_following,
    GuideFact.Table.REDIRECT_OTHER_METHODS: other_method_following,
    GuideFact.Table.REDIRECT_FOLLOW: get_by_default,
    GuideFact.Table.REDIRECT_CACHE: asked_twice,
    GuideFact.Table.REDIRECT_LIMIT: chain_following,
    GuideFact.Table.REDIRECT_AUTHORIZATION: authorized,
}
REDIRECT_CODES = sorted(FOLLOWED_REDIRECTS)


def try_url(base, code):
    return f"{base}/try/{code}/"


def as_the_page_says(facts, clients, log, measure):
    """Every client of ``clients`` has its cells among ``facts``, and each cell says what
    ``measure(client, code)`` saw in ``log``, cleared before each."""
    assert {fact.subject for fact in facts} == set(clients)

    def measured(fact):
        log.clear()
        return measure(clients[fact.subject], fact.code_id)

    assert compare(facts, measured) == []


def test_a_redirected_post_keeps_or_loses_its_method_and_body_as_the_page_says(site, go):
    base, log = site

    def measure(client, code):
        client(try_url(base, code))
        assert log.to(f"/try/{code}/"), "the client never reached /try/"
        return redirect_observed(log, code)

    facts = facts_measured_here(GuideFact.Table.REDIRECT_METHOD)
    as_the_page_says(facts, post_following(go), log, measure)


def test_a_redirected_put_patch_or_delete_keeps_or_loses_its_method_as_the_page_says(site, go):
    base, log = site

    def measure(client, code):
        observed = {}
        for method in OTHER_METHODS:
            log.clear()
            client(try_url(base, code), method)
            assert log.to(f"/try/{code}/"), f"{method} never reached /try/"
            observed[method] = redirect_observed(log, code, method)
        return other_methods_observed(observed)

    facts = facts_measured_here(GuideFact.Table.REDIRECT_OTHER_METHODS)
    as_the_page_says(facts, other_method_following(go), log, measure)


def test_whether_a_get_redirect_is_followed_by_default_is_as_the_page_says(site, go):
    base, log = site

    def measure(client, code):
        client(try_url(base, code))
        return "yes" if log.to(f"/{code}/") else "no"

    facts = measured_facts(GuideFact.Table.REDIRECT_FOLLOW)
    as_the_page_says(facts, get_by_default(go), log, measure)


def test_whether_a_client_remembers_a_redirect_is_as_the_page_says(site, plain, go):
    _, log = site

    def measure(client, code):
        client(try_url(plain, code))
        asked = len(log.to(f"/try/{code}/"))
        targets = len(log.to(f"/{code}/"))
        assert targets == 2, "both requests should reach the redirect's target"
        return {1: "yes", 2: "no"}.get(asked, f"asked {asked} times")

    facts = facts_measured_here(GuideFact.Table.REDIRECT_CACHE)
    as_the_page_says(facts, asked_twice(go), log, measure)


def test_how_many_redirects_a_client_follows_is_as_the_page_says(site, go, settings):
    base, log = site
    settings.ROOT_URLCONF = "tests.hops"

    def measure(client, code):
        client(f"{base}/hop/0/")
        return hops_followed(log)

    facts = facts_measured_here(GuideFact.Table.REDIRECT_LIMIT)
    as_the_page_says(facts, chain_following(go), log, measure)


def test_whether_authorization_follows_a_redirect_to_another_origin_is_as_the_page_says(
    site, go, settings
):
    base, log = site
    # The redirect points at the same server under another host name: another origin.
    settings.SITE_URL = base.replace("127.0.0.1", "localhost")

    def measure(client, code):
        client(try_url(base, code))
        assert log.to(f"/try/{code}/")[0].authorization == AUTHORIZATION
        return authorization_kept(log, code)

    facts = facts_measured_here(GuideFact.Table.REDIRECT_AUTHORIZATION)
    as_the_page_says(facts, authorized(go), log, measure)


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
    for table, clients in MEASURERS.items():
        facts = GuideFact.objects.filter(guide="redirects", table=table)
        codes = [302] if table == GuideFact.Table.REDIRECT_LIMIT else REDIRECT_CODES
        for subject in clients(go=None):
            cells = facts.filter(subject=subject)
            assert sorted(cells.values_list("code", flat=True)) == codes, (table, subject)
            assert all(cell.is_measured for cell in cells), f"{subject} has a cited cell"
        measured_elsewhere = facts.filter(subject__in=CHROMIUM_SUBJECTS)
        assert all(cell.is_measured for cell in measured_elsewhere)
        cited = facts.exclude(subject__in=[*clients(go=None), *CHROMIUM_SUBJECTS])
        assert cited.exists(), table
        assert all(f.evidence == "cited" and f.source_url.startswith("https://") for f in cited)
