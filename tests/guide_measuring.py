"""What the guides' measuring tests share: a request log, and the facts to compare it with.

The server is this site itself (its ``/try/`` endpoint, ``live_site``), on a port of its own so
that the proxies the caching test starts can be pointed at it. Every request that reaches Django is
logged from the ``request_started`` signal, which sees the WSGI environ: the method, path,
query string and body length the server really received.
"""

import contextlib
import socket
import time
from dataclasses import dataclass

from django.core.signals import request_started

from statuses.models import GuideFact

# Redirect-table rows measured in Chromium, by the browser tests (tests/test_browser_guides.py).
CHROMIUM_SUBJECTS = {"Chromium: form POST", "fetch() in Chromium"}


@dataclass(frozen=True)
class Arrival:
    method: str
    path: str
    query: str
    body_length: int


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


def wait_for_port(port, process=None, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server on port {port} exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on port {port} after {timeout} s")


def measured_facts(table):
    return list(
        GuideFact.objects.filter(table=table, evidence=GuideFact.Evidence.MEASURED)
        .select_related("code")
        .order_by("row", "code")
    )


def redirect_observed(log, code, probe_length):
    """What the client did after /try/<code>/ redirected its POST: the next request's method."""
    following = log.to(f"/{code}/")  # where /try/ points: the code's own page
    if not following:
        return "—"
    method, length = following[0].method, following[0].body_length
    if (method, length) in {("GET", 0), ("POST", probe_length)}:
        return method
    return f"{method} with a body of {length} bytes"


def compare(facts, measure):
    """Each fact against what ``measure(fact)`` observed; the list of disagreements."""
    wrong = []
    for fact in facts:
        observed = measure(fact)
        if observed != fact.value:
            wrong.append(f"{fact.subject} × {fact.code_id}: says {fact.value!r}, saw {observed!r}")
    return wrong
