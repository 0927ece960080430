"""Whole-page caching that never shows stale content, with conditional GET.

Every cached page is stored under the current *content version*, a stamp kept in the default
cache, which all processes share. Saving or deleting any content row bumps the stamp
(``changes``), so the next request misses and renders the new text; entries of old versions
are never read again and age out. The pages themselves live in each process's
memory (the "pages" cache, bounded in bytes), so a cached page costs one small shared read and
no query.

One page, one entry: a view declares the query parameters it reads (``params``); the others are
removed from the request before the view runs, so they can neither change the page nor add an
entry. Absolute links come from ``DJANGO_SITE_URL``, never from the request, so the key needs no
host.

Pages are stored with their gzip and Brotli variants, made once when the page is rendered
(``caching.encodings``); each request gets the one its ``Accept-Encoding`` prefers, with
``Vary: Accept-Encoding``. Each variant carries its own ``ETag`` (a hash of its bytes) and all
carry ``Last-Modified`` (when the content last changed, or when the process started, if later), so
a repeated conditional request gets 304 Not Modified with no body, and the shared-cache policy and
tags of ``caching.policy.mark_shared``.

A response made from a stored page says so (``response.stored_page``): the WSGI layer in front of
Django (``caching.wsgi``) records it and answers the next request of the same shape itself.

When the shared cache fails (Redis down, a file cache that cannot be written), pages are rendered
uncached and saves succeed, with a logged warning: degrade, never fail.

Use ``@public_page`` on any view whose output depends only on the URL, the declared parameters
and the language, never on the user or the session.
"""

import hashlib
import logging
import os
import time
from functools import partial, wraps
from typing import NamedTuple
from urllib.parse import urlencode

from django.core.cache import cache, caches
from django.core.cache.backends.filebased import FileBasedCache
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse, QueryDict
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from .encodings import IDENTITY, chosen_encoding, compressed_variants
from .policy import mark_shared
from .purge import page_tags

logger = logging.getLogger(__name__)

VERSION_KEY = "statuses:content-version"
# A new release may change templates without touching content: pages are never older than this.
STARTED = time.time_ns()
# Entries of an old content version are unreachable and age out of the byte-bounded cache. The
# lifetime also bounds how long a page outlives a bump that the shared cache failed to store.
PAGE_TIMEOUT = 10 * 60
# After the shared cache fails, this process leaves it alone for a while (pages render uncached,
# bumps are skipped), so an outage costs one timeout now and then, not one per request.
RETRY_AFTER = 5.0
_down_until = 0.0
_bump_warned_until = 0.0


def use_shared_cache(operation):
    """Run ``operation`` on the shared cache: True and its result, or False when it failed (now,
    or a moment ago)."""
    global _down_until
    if time.monotonic() < _down_until:
        return False, None
    try:
        return True, operation()
    except Exception as error:  # any backend, any failure: the site must go on answering
        _down_until = time.monotonic() + RETRY_AFTER
        logger.warning("Shared cache unavailable, pages are served uncached: %r", error)
        return False, None


def read_version():
    shared = caches["default"]
    if isinstance(shared, FileBasedCache):
        return read_version_file(shared)
    return read_stored_version()


# The version file of each file cache, and what the last read of one found: (the file's path,
# inode, modification time and size; the version it held).
_version_files = {}
_version_seen = (None, None)


def read_version_file(shared):
    """A file cache's version (``make run``, ``make serve``), read again only when its file has
    changed: every write replaces the file (a new inode and modification time), so a stat, a
    tenth of the read's cost, tells whether the version last read is still the current one."""
    global _version_seen
    path = _version_files.get(shared._dir)
    if path is None:
        path = _version_files[shared._dir] = shared._key_to_file(VERSION_KEY)
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        return read_stored_version()
    identity = (path, stat.st_ino, stat.st_mtime_ns, stat.st_size)
    seen, version = _version_seen
    if seen != identity:
        # A write between the stat and the read leaves this pair unmatched by the next stat.
        version = read_stored_version()
        _version_seen = (identity, version)
    return version


def read_stored_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def content_version():
    """The current content stamp (nanoseconds since the epoch of the last change), or None when
    the shared cache cannot be read."""
    return use_shared_cache(read_version)[1]


def set_content_version():
    global _bump_warned_until
    done, _ = use_shared_cache(lambda: cache.set(VERSION_KEY, time.time_ns(), timeout=None))
    if not done and time.monotonic() >= _bump_warned_until:
        _bump_warned_until = time.monotonic() + RETRY_AFTER
        logger.warning(
            "The content version was not bumped: other processes may serve pages older than "
            "this change for up to %d s.",
            PAGE_TIMEOUT,
        )


def bump_content_version():
    """Make every cached page stale.

    Bumped now, so that the rest of this transaction sees its own changes, and again after the
    commit, so that a page another request rendered from the old rows in between is not kept.
    """
    set_content_version()
    transaction.on_commit(set_content_version)


def per_content_version(build):
    """``build()``, kept in this process until the content changes; rebuilt on every call while
    the shared cache is down, since nothing then says whether a kept result is current."""
    kept = {"version": None, "value": None}

    @wraps(build)
    def current():
        version = content_version()
        if version is None:
            return build()
        if kept["version"] != version:
            kept["value"] = build()
            kept["version"] = version
        return kept["value"]

    return current


def keep_only(request, params):
    """Drop every query parameter the view does not read; return the canonical query string."""
    query = urlencode([(name, value) for name in params for value in request.GET.getlist(name)])
    request.GET = QueryDict(query)
    request.META["QUERY_STRING"] = query
    return query


def page_key(version, path, query):
    url_hash = hashlib.sha256(f"{path}?{query}".encode()).hexdigest()
    return f"statuses:page:{version}:{get_language()}:{url_hash}"


def freeze(response, version, tags):
    """The page as stored: each encoding's bytes with its ETag, the headers all of them share
    (the HTTP caching policy, ``Vary: Accept-Encoding``) and the validator they share."""
    # Without the version (shared cache down) nothing says when the content last changed.
    last_modified = None if version is None else max(version, STARTED) // 1_000_000_000
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    mark_shared(response, tags)
    patch_vary_headers(response, ["Accept-Encoding"])
    return {
        "variants": {
            encoding: (body, quote_etag(hashlib.sha256(body).hexdigest()[:32]))
            for encoding, body in compressed_variants(response.content).items()
        },
        "headers": dict(response.items()),
        "last_modified": last_modified,
    }


class StoredPage(NamedTuple):
    """Where a response's bytes came from: the stored page (``key``, of content ``version``), its
    variant (``encoding``), and the query string the page is kept under."""

    key: str
    version: int
    encoding: str
    query: str


def serve(request, page):
    """The stored page, in the encoding the request prefers, or 304 Not Modified."""
    encoding = chosen_encoding(request.headers.get("accept-encoding"))
    body, etag = page["variants"][encoding]
    response = HttpResponse(body, headers=page["headers"])
    response["ETag"] = etag
    if encoding != IDENTITY:
        response["Content-Encoding"] = encoding
    response = get_conditional_response(
        request, etag=etag, last_modified=page["last_modified"], response=response
    )
    return response, encoding


def public_page(view=None, *, params=()):
    """A public, read-only page, cached: ``@public_page`` or ``@public_page(params=["q"])``.

    GET and HEAD only. It changes nothing, so it is exempt from the CSRF check: a POST or PUT
    gets require_safe's 405 with Allow rather than the CSRF check's 403.
    """
    if view is None:
        return partial(public_page, params=params)
    return csrf_exempt(require_safe(cached_page(view, params)))


def cached_page(view, params):
    """Cache a GET or HEAD answer per language, path and the query parameters in ``params``."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        query = keep_only(request, params)
        version = content_version()
        key = None
        page = None
        if version is not None:
            key = page_key(version, request.path, query)
            page = caches["pages"].get(key)
        if page is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            page = freeze(response, version, page_tags(request))
            if key is not None:
                caches["pages"].set(key, page, PAGE_TIMEOUT)
        response, encoding = serve(request, page)
        if key is not None:
            response.stored_page = StoredPage(key, version, encoding, query)
        return response

    return wrapper


@receiver(setting_changed)
def cache_settings_changed(setting, **kwargs):
    """A new cache configuration gets a fresh try (the tests switch caches)."""
    global _down_until, _bump_warned_until
    if setting == "CACHES":
        _down_until = _bump_warned_until = 0.0
