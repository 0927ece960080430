"""Tell the HTTP caches in front of the site (Varnish, a CDN) to drop the pages a change shows.

Every shared-cacheable page carries a ``Surrogate-Key`` header naming what it shows
(``page_tags``). When content changes, the signal receivers below work out the tags of every page
that shows the changed row, and once the transaction commits, a background thread per endpoint
in ``settings.PURGE_URLS`` sends it one request per batch of tags::

    PURGE http://127.0.0.1:8000/          (Varnish with the xkey vmod, see scripts/varnish.vcl)
    Surrogate-Key: code-404 codes codes-4xx

The same request purges a CDN by tag: ``POST https://api.fastly.com/service/<id>/purge`` with
``Surrogate-Key`` and the token from ``settings.PURGE_HEADERS`` (README, "HTTP caches in front").

The save never waits for a cache and never fails because of one, and no endpoint waits for
another: an endpoint that is down, slow, or answers an error or something that is not HTTP is
logged and retried with growing delays; if every retry fails, the page's
shared lifetime (``cache_policy.SHARED_MAX_AGE``) bounds how stale it can be. Each purge is sent
again ``REPEAT_AFTER`` seconds later, so that a page a cache fetched from the old rows while the
change was committing is not kept.

Tags:

- ``codes``: pages listing every code (home, search, the API's list), and the guides, which
  name codes throughout (a guide's change purges this tag too);
- ``codes-4xx``: pages listing the codes of one class (the class page, the API's class);
- ``class-4``: pages showing the class's own text (the class page and its codes' pages);
- ``code-404``: pages about one code (its page and its API entry).
"""

import heapq
import itertools
import logging
import threading
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.dispatch import receiver

from ..models import GUIDE_MODELS, CodeComparison, StatusClass, StatusCode, VendorUsage

logger = logging.getLogger(__name__)

LISTS = "codes"
# Retries after 1, 2, 4, 8, 16 and 32 s: about a minute in all.
RETRIES = 6
FIRST_RETRY_DELAY = 1.0
REPEAT_AFTER = 5.0
# A commit that changed many rows (a content load) purges their tags in one request.
GATHER = 0.05
TIMEOUT = 5.0
# CDNs cap the keys of one purge request (Fastly: 256).
TAGS_PER_REQUEST = 200
MAX_REASON = 200


def code_tag(code):
    return f"code-{code}"


def class_tag(digit):
    return f"class-{digit}"


def class_codes_tag(digit):
    return f"codes-{digit}xx"


def page_tags(request):
    """The tags of the page this request asks for, from the URL that resolved to it."""
    match = request.resolver_match
    if "code" in match.kwargs:
        code = match.kwargs["code"]
        return [code_tag(code), class_tag(code // 100)]
    if "digit" in match.kwargs:
        digit = match.kwargs["digit"]
        return [class_tag(digit), class_codes_tag(digit)]
    return [LISTS]


def tags_for_code(code, with_neighbours=False):
    """Every page that shows code ``code``: its own, its class's, the lists, its related codes'.

    A code added or removed also changes the previous/next links of the codes on either side.
    """
    tags = {code_tag(code), class_codes_tag(code // 100), LISTS}
    related = StatusCode.related_codes.through.objects.filter(from_statuscode_id=code)
    tags.update(code_tag(other) for other in related.values_list("to_statuscode_id", flat=True))
    if with_neighbours:
        tags.update(code_tag(other.code) for other in StatusCode.objects.nearest(code))
    return tags


def purge_on_commit(tags):
    """Purge ``tags`` from every configured cache once the current transaction commits."""
    if tags:
        transaction.on_commit(lambda: purger.purge(tags))


@receiver(post_save, sender=StatusCode)
@receiver(pre_delete, sender=StatusCode)
def code_changed(instance, created=True, **kwargs):
    if settings.PURGE_URLS:
        purge_on_commit(tags_for_code(instance.code, with_neighbours=created))


@receiver(post_save, sender=StatusClass)
@receiver(pre_delete, sender=StatusClass)
def class_changed(instance, **kwargs):
    if settings.PURGE_URLS:
        purge_on_commit({class_tag(instance.digit), class_codes_tag(instance.digit), LISTS})


@receiver(post_save, sender=VendorUsage)
@receiver(pre_delete, sender=VendorUsage)
def vendor_usage_changed(instance, **kwargs):
    if settings.PURGE_URLS:
        purge_on_commit(tags_for_code(instance.code_id))


@receiver(post_save, sender=CodeComparison)
@receiver(pre_delete, sender=CodeComparison)
def comparison_changed(instance, **kwargs):
    if settings.PURGE_URLS:
        purge_on_commit({code_tag(instance.first_id), code_tag(instance.second_id)})


def guide_changed(**kwargs):
    if settings.PURGE_URLS:
        purge_on_commit({LISTS})


for model in GUIDE_MODELS:
    post_save.connect(guide_changed, sender=model)
    pre_delete.connect(guide_changed, sender=model)


@receiver(m2m_changed, sender=StatusCode.related_codes.through)
def related_codes_changed(instance, action, pk_set, **kwargs):
    if settings.PURGE_URLS and action.startswith("post_"):
        codes = {instance.code, *(pk_set or ())}
        purge_on_commit(set().union(*(tags_for_code(code) for code in codes)))


class Purger:
    """Sends purges from background threads, one per endpoint, so that an endpoint that is slow,
    down or answers garbage delays and silences no other."""

    def __init__(self):
        self._queues = {}  # endpoint -> EndpointQueue
        self._lock = threading.Lock()
        self._stopped = False

    def purge(self, tags, repeat=True):
        with self._lock:
            if self._stopped:
                return
            queues = [
                self._queues.setdefault(endpoint, EndpointQueue(endpoint))
                for endpoint in settings.PURGE_URLS
            ]
        for queue in queues:
            queue.add(tags, repeat)

    def stop(self):
        """Drop every purge still waiting to be sent or retried, and send no more."""
        with self._lock:
            self._stopped = True
            queues = list(self._queues.values())
        for queue in queues:
            queue.stop()


class EndpointQueue:
    """The purges for one endpoint, merged and retried by a thread of its own."""

    def __init__(self, endpoint):
        self.endpoint = endpoint
        self._jobs = []  # a heap of (when, sequence, tags, attempt)
        self._sequence = itertools.count()
        self._wakeup = threading.Condition()
        self._thread = None
        self._stopped = False

    def add(self, tags, repeat):
        now = time.monotonic() + GATHER
        with self._wakeup:
            self._push(now, tags, 0)
            if repeat:
                self._push(now + REPEAT_AFTER, tags, 0)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="purge", daemon=True)
                self._thread.start()
            self._wakeup.notify()

    def stop(self):
        with self._wakeup:
            self._stopped = True
            self._jobs.clear()
            self._wakeup.notify()

    def _push(self, when, tags, attempt):
        if not self._stopped:
            heapq.heappush(self._jobs, (when, next(self._sequence), frozenset(tags), attempt))

    def _run(self):
        while True:
            with self._wakeup:
                while not self._stopped and (not self._jobs or self._jobs[0][0] > time.monotonic()):
                    delay = self._jobs[0][0] - time.monotonic() if self._jobs else None
                    self._wakeup.wait(delay)
                if self._stopped:
                    return
                tags, attempt = frozenset(), 0
                while self._jobs and self._jobs[0][0] <= time.monotonic():
                    _, _, more_tags, more_attempt = heapq.heappop(self._jobs)
                    tags, attempt = tags | more_tags, max(attempt, more_attempt)
            self._send(tags, attempt)

    def _send(self, tags, attempt):
        method, _, url = self.endpoint.rpartition(" ")
        ordered = sorted(tags)
        headers = {}
        for header in settings.PURGE_HEADERS:
            name, _, value = header.partition(":")
            headers[name.strip()] = value.strip()
        try:
            for start in range(0, len(ordered), TAGS_PER_REQUEST):
                batch = " ".join(ordered[start : start + TAGS_PER_REQUEST])
                request = urllib.request.Request(
                    url, method=method or "PURGE", headers={**headers, "Surrogate-Key": batch}
                )
                with urllib.request.urlopen(request, timeout=TIMEOUT):
                    pass
        except Exception as error:  # noqa: BLE001 - whatever the endpoint did, retry it alone
            self._failed(url, ordered, attempt, error)

    def _failed(self, url, ordered, attempt, error):
        # An answer that is not HTTP can make the error's text long (a bad status line is
        # quoted whole): a line of the log says what kind of failure and how it starts.
        reason = f"{type(error).__name__}: {error}"
        if len(reason) > MAX_REASON:
            reason = f"{reason[:MAX_REASON]}…"
        if attempt < RETRIES:
            delay = FIRST_RETRY_DELAY * 2**attempt
            logger.warning(
                "Purging %s from %s failed (%s); retrying in %.0f s",
                " ".join(ordered),
                url,
                reason,
                delay,
            )
            with self._wakeup:
                self._push(time.monotonic() + delay, ordered, attempt + 1)
                self._wakeup.notify()
        else:
            logger.error(
                "Purging %s from %s failed %d times (%s); giving up: the shared cache keeps "
                "those pages until they expire",
                " ".join(ordered),
                url,
                attempt + 1,
                reason,
            )


purger = Purger()
