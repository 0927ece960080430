"""What the guides' measuring tests share: a plain origin in front of the site, a request log, and
the facts to compare it with.

The server is this site itself (its ``/try/`` endpoint, ``live_site``), on a port of its own so
that the proxies the caching test starts can be pointed at it. ``/try/`` sends ``Cache-Control:
private, no-store``; the plain origin (Debian's nginx, in front of the site) removes it, so
browsers and caches see a response with no caching header at all, or, for ``?told=N``, with
``max-age=N``.
Every request that reaches Django is logged from the ``request_started`` signal, which sees the
WSGI environ: the method, path, query string, body length and ``Authorization`` the server
really received.
"""

import contextlib
import shutil
import subprocess
from dataclasses import dataclass

from django.core.signals import request_started

from scripts.servers import listens, nginx_conf, wait_until
from statuses.models import GuideFact

from .conftest import require

# nginx adds no header whose value is empty: no ?told, no Cache-Control at all.
PLAIN_ORIGIN_HTTP = '    map $arg_told $told { "" ""; default "max-age=$arg_told"; }\n'
PLAIN_ORIGIN_SERVER = """        location / {{
            proxy_pass http://127.0.0.1:{site_port};
            proxy_hide_header Cache-Control;
            add_header Cache-Control $told always;
        }}
"""


def server_binary(name):
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin")
    require(found, name, "make proxies")
    return found


@contextlib.contextmanager
def plain_origin(site_port, port, tmp):
    """The site on 127.0.0.1:port, with no caching header (``?told=N``: ``max-age=N``)."""
    conf = tmp / "plain-origin.conf"
    conf.write_text(
        nginx_conf(tmp, port, PLAIN_ORIGIN_SERVER.format(site_port=site_port), PLAIN_ORIGIN_HTTP)
    )
    nginx = subprocess.Popen(
        [server_binary("nginx"), "-p", str(tmp), "-c", str(conf)]
        + ["-e", str(tmp / "plain-origin-error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until("nginx", lambda: listens(port), nginx, 30)
        yield f"http://127.0.0.1:{port}"
    finally:
        nginx.terminate()
        nginx.wait(timeout=30)


# Redirect-table rows measured in Chromium, by the browser tests (tests/test_browser_guides.py).
CHROMIUM_SUBJECTS = {"Chromium: form POST", "fetch() in Chromium"}
# The methods of the redirect guide's PUT/PATCH/DELETE table; DELETE is sent without a body.
OTHER_METHODS = ("PUT", "PATCH", "DELETE")
PROBE = b"probe=1"
# The redirect-limit table: /hop/<n>/ redirects (302) to /hop/<n+1>/, up to HOPS (tests/hops.py).
HOPS = 60
AUTHORIZATION = "Bearer guide-probe"


@dataclass(frozen=True)
class Arrival:
    method: str
    path: str
    query: str
    body_length: int
    authorization: str = ""


class RequestLog:
    def __init__(self):
        self.arrivals = []

    def record(self, sender, environ=None, **kwargs):
        if environ is None:
            return
        self.arrivals.append(
            Arrival(
                environ.get("REQUEST_METHOD", ""),
                environ.get("PATH_INFO", ""),
                environ.get("QUERY_STRING", ""),
                int(environ.get("CONTENT_LENGTH") or 0),
                environ.get("HTTP_AUTHORIZATION", ""),
            )
        )

    def to(self, path, query=""):
        return [a for a in self.arrivals if a.path == path and a.query == query]

    def clear(self):
        self.arrivals.clear()


@contextlib.contextmanager
def request_log():
    log = RequestLog()
    request_started.connect(log.record, weak=False)
    try:
        yield log
    finally:
        request_started.disconnect(log.record)


def measured_facts(table):
    return list(
        GuideFact.objects.filter(table=table, evidence=GuideFact.Evidence.MEASURED)
        .select_related("code")
        .order_by("row", "code")
    )


def chromium_facts(table, subject=None):
    """The measured cells of ``table`` the browser tests measure: ``subject``'s, or (none given)
    those of every row of ``CHROMIUM_SUBJECTS``."""
    subjects = CHROMIUM_SUBJECTS if subject is None else {subject}
    facts = [fact for fact in measured_facts(table) if fact.subject in subjects]
    assert facts, f"no measured {subject or 'Chromium'} cells in {table}"
    return facts


def facts_measured_here(table):
    """The measured cells of ``table`` that tests/test_guide_redirects.py measures: all but the
    Chromium rows."""
    return [fact for fact in measured_facts(table) if fact.subject not in CHROMIUM_SUBJECTS]


def redirect_observed(log, code, sent="POST"):
    """What the client did after /try/<code>/ redirected its request: the next request's method.

    The method alone when it is GET with no body or the method sent with the body sent (DELETE
    goes without one); the method "without its body" when the body was dropped; otherwise the
    method and the body length that arrived.
    """
    following = log.to(f"/{code}/")  # where /try/ points: the code's own page
    if not following:
        return "—"
    method, length = following[0].method, following[0].body_length
    sent_length = 0 if sent == "DELETE" else len(PROBE)
    if (method, length) in {("GET", 0), (sent, sent_length)}:
        return method
    if (method, length) == (sent, 0):
        return f"{method} without its body"
    return f"{method} with a body of {length} bytes"


def other_methods_observed(observed):
    """One cell for PUT, PATCH and DELETE: {method: what redirect_observed saw}."""
    if all(seen == method for method, seen in observed.items()):
        return "same"
    if all(seen in {method, f"{method} without its body"} for method, seen in observed.items()):
        return "same, no body"
    if len(set(observed.values())) == 1:
        return next(iter(observed.values()))
    return "; ".join(f"{method}: {seen}" for method, seen in observed.items())


def hops_followed(log):
    """How many redirects of the /hop/ chain the client followed."""
    reached = [int(a.path.split("/")[2]) for a in log.arrivals if a.path.startswith("/hop/")]
    assert reached and min(reached) == 0, "the client never asked for /hop/0/"
    return str(max(reached))


def authorization_kept(log, code):
    """After /try/<code>/ sent the client to another origin: did Authorization go with it?"""
    arrivals = log.to(f"/{code}/")
    following = [arrival for arrival in arrivals if arrival.method != "OPTIONS"]
    if not following:
        return "only a CORS preflight" if arrivals else "—"
    return "yes" if following[0].authorization == AUTHORIZATION else "no"


def compare(facts, measure):
    """Each fact against what ``measure(fact)`` observed; the list of disagreements."""
    wrong = []
    for fact in facts:
        observed = measure(fact)
        if observed != fact.value:
            wrong.append(f"{fact.subject} × {fact.code_id}: says {fact.value!r}, saw {observed!r}")
    return wrong
