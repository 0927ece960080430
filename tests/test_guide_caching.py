"""The caching guide's measured cells, measured.

nginx and Varnish (Debian's packages, started here on fixed ports) sit in front of the plain
origin (this site's /try/ with its caching header removed, see guide_measuring); each code's
/try/ URL is requested twice through them, and the cell says "yes" (stored and reused) exactly
when the second request never reached the site. The must-not-store table asks the same with
``?told=600``, which makes the origin send ``Cache-Control: max-age=600``. Django's decorators
are applied to a view and requested with the test client. Chromium's cells are measured by the
browser tests.
"""

import http.client
import subprocess
import textwrap

import pytest
from django.http import HttpResponse, HttpResponseNotModified
from django.test import Client, override_settings
from django.urls import path
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import cache_control, cache_page, never_cache

from scripts.servers import listens, nginx_conf, wait_until
from statuses.models import GuideFact

from . import ports
from .guide_measuring import (
    compare,
    measured_facts,
    plain_origin,
    request_log,
    server_binary,
)
from .live_site import live_site

SITE_PORT, NGINX_PORT, VARNISH_PORT, PLAIN_PORT = ports.GUIDE_CACHING
NGINX = "nginx proxy_cache_valid 10m"
VARNISH = "Varnish (defaults)"
TOLD = "told=600"  # the plain origin then sends Cache-Control: max-age=600

# Both proxies get the plain origin's responses: no caching header at all, or max-age=600.
NGINX_HTTP = """    proxy_cache_path {tmp}/cache keys_zone=guide:1m;
"""
NGINX_SERVER = """        location / {{
            proxy_pass http://127.0.0.1:{origin_port};
            proxy_cache guide;
            proxy_cache_valid 10m;
        }}
"""

# Varnish as installed: a backend, and the built-in VCL for everything else.
VARNISH_VCL = """
    vcl 4.1;
    backend origin {{ .host = "127.0.0.1"; .port = "{origin_port}"; }}
"""


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("plain-origin")
    with (
        django_db_blocker.unblock(),
        live_site(SITE_PORT) as url,
        plain_origin(SITE_PORT, PLAIN_PORT, tmp),
    ):
        yield url


@pytest.fixture(scope="module")
def proxies(site, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("proxies")
    (tmp / "nginx.conf").write_text(
        nginx_conf(
            tmp,
            NGINX_PORT,
            NGINX_SERVER.format(origin_port=PLAIN_PORT),
            NGINX_HTTP.format(tmp=tmp),
        )
    )
    (tmp / "site.vcl").write_text(textwrap.dedent(VARNISH_VCL).format(origin_port=PLAIN_PORT))
    commands = {
        NGINX: [server_binary("nginx"), "-p", str(tmp), "-c", str(tmp / "nginx.conf")]
        + ["-e", str(tmp / "nginx-error.log")],
        VARNISH: [server_binary("varnishd"), "-F", "-j", "none", "-n", str(tmp / "varnish")]
        + ["-a", f"127.0.0.1:{VARNISH_PORT}", "-f", str(tmp / "site.vcl"), "-s", "malloc,16m"],
    }
    started = {}
    try:
        for name, command in commands.items():
            started[name] = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        wait_until("nginx", lambda: listens(NGINX_PORT), started[NGINX], 30)
        wait_until("Varnish", lambda: listens(VARNISH_PORT), started[VARNISH], 30)
        yield {NGINX: NGINX_PORT, VARNISH: VARNISH_PORT}
    finally:
        for process in started.values():
            process.terminate()
            process.wait(timeout=30)


def get(port, url):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request("GET", url)
        return connection.getresponse().status
    finally:
        connection.close()


def stored_by(port, code, told=""):
    """Whether the cache on ``port`` answered a second request for /try/<code>/ itself."""
    query = "&".join(filter(None, [f"via={port}", told]))  # a URL of its own for each cache
    with request_log() as log:
        for _ in range(2):
            assert get(port, f"/try/{code}/?{query}") == code
    reached = len(log.to(f"/try/{code}/", query))
    return {1: "yes", 2: "no"}.get(reached, f"reached the site {reached} times")


def shared_cache_facts(table):
    return [fact for fact in measured_facts(table) if fact.subject in {NGINX, VARNISH}]


def test_nginx_and_varnish_store_exactly_the_codes_the_page_says(
    site, proxies, transactional_db, content
):
    def measure(fact):
        return stored_by(proxies[fact.subject], fact.code_id)

    facts = shared_cache_facts(GuideFact.Table.CACHE_DEFAULT)
    assert {fact.subject for fact in facts} == {NGINX, VARNISH}
    assert compare(facts, measure) == []


def test_told_max_age_nginx_and_varnish_store_the_must_not_store_codes_as_the_page_says(
    site, proxies, transactional_db, content
):
    def measure(fact):
        return stored_by(proxies[fact.subject], fact.code_id, told=TOLD)

    facts = shared_cache_facts(GuideFact.Table.CACHE_MUST_NOT_STORE)
    assert {fact.subject for fact in facts} == {NGINX, VARNISH}
    assert compare(facts, measure) == []


def view_with(decoration, status=200):
    """A view sending ``status``, decorated (or patched) as the page's line says."""
    namespace = {
        "cache_control": cache_control,
        "never_cache": never_cache,
        "cache_page": cache_page,
        "patch_cache_control": patch_cache_control,
    }
    calls = []

    def view(request):
        calls.append(request)
        if status == 304:
            return HttpResponseNotModified()
        response = HttpResponse("guide", status=status)
        if not decoration.startswith("@"):
            exec(decoration, namespace, {"response": response})  # the line as the page shows it
        return response

    if decoration.startswith("@"):
        view = eval(decoration.removeprefix("@"), namespace)(view)
    return view, calls


class URLConf:
    def __init__(self, view):
        self.urlpatterns = [path("guide-view/", view)]


def test_django_sends_the_cache_control_the_page_says(content):
    def measure(fact):
        view, _ = view_with(fact.subject, fact.code_id)
        with override_settings(ROOT_URLCONF=URLConf(view)):
            response = Client().get("/guide-view/")
        assert response.status_code == fact.code_id
        return response.get("Cache-Control", "")

    facts = measured_facts(GuideFact.Table.DJANGO_CACHE_CONTROL)
    assert len(facts) >= 5
    assert compare(facts, measure) == []


def test_cache_page_stores_exactly_the_codes_the_page_says(content):
    def measure(fact):
        view, calls = view_with(fact.subject, fact.code_id)
        with override_settings(ROOT_URLCONF=URLConf(view)):
            for _ in range(2):  # a URL of its own: cache_page keys its cache by URL
                response = Client().get("/guide-view/", {"fact": fact.pk})
                assert response.status_code == fact.code_id
        return {1: "yes", 2: "no"}.get(len(calls), f"ran {len(calls)} times")

    facts = measured_facts(GuideFact.Table.DJANGO_CACHE_PAGE)
    assert {fact.code_id for fact in facts} >= {200, 404, 500}
    assert compare(facts, measure) == []


def test_every_cache_cell_is_measured_or_sourced(content):
    facts = GuideFact.objects.filter(guide="caching")
    for fact in facts:
        assert fact.is_measured or fact.source_url.startswith("https://"), fact
    for table in (GuideFact.Table.CACHE_DEFAULT, GuideFact.Table.CACHE_MUST_NOT_STORE):
        cells = facts.filter(table=table)
        codes = set(cells.values_list("code", flat=True))
        for subject in (NGINX, VARNISH, "Chromium"):
            measured = cells.filter(subject=subject, evidence="measured")
            assert set(measured.values_list("code", flat=True)) == codes, (table, subject)
