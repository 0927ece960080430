"""Whole-page caching that never shows stale content, with conditional GET.

Every cached page is stored under the current *content version*, a stamp kept in the default
cache, which all processes share. Saving or deleting any content row bumps the stamp (signals
below, and the content loader), so the next request misses and renders the new text; entries of
old versions are never read again and age out. The pages themselves live in each process's
memory (the "pages" cache), so a cached page costs one small shared read and no query.

Pages carry ``ETag`` (a hash of the body), ``Last-Modified`` (when the content last changed, or
when the process started, if later), so a repeated conditional request gets 304 Not Modified
with no body, and the shared-cache policy and tags of ``cache_policy.mark_shared``.

Use ``@cached_page`` on any view whose output depends only on the URL (with its query string)
and the language, never on the user or the session.
"""

import hashlib
import time
from functools import wraps

from django.core.cache import cache, caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from .cache_policy import mark_shared
from .models import CodeComparison, StatusClass, StatusCode, VendorUsage
from .purge import page_tags

VERSION_KEY = "statuses:content-version"
# A new release may change templates without touching content: pages are never older than this.
STARTED = time.time_ns()
# Entries of an old content version are unreachable; the timeout only bounds their lifetime.
PAGE_TIMEOUT = 24 * 60 * 60


def content_version():
    """The current content stamp: nanoseconds since the epoch of the last change."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, time.time_ns())
    return version


def bump_content_version():
    """Make every cached page stale.

    Bumped now, so that the rest of this transaction sees its own changes, and again after the
    commit, so that a page another request rendered from the old rows in between is not kept.
    """
    cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    transaction.on_commit(lambda: cache.set(VERSION_KEY, time.time_ns(), timeout=None))


def cached_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        version = content_version()
        # Scheme and host too: pages hold absolute links (canonical, hreflang, Open Graph).
        url_hash = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
        key = f"statuses:page:{version}:{get_language()}:{url_hash}"
        page = caches["pages"].get(key)
        if page is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming or response.cookies:
                return response
            etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
            last_modified = max(version, STARTED) // 1_000_000_000
            response["ETag"] = etag
            response["Last-Modified"] = http_date(last_modified)
            mark_shared(response, page_tags(request))
            page = {
                "content": response.content,
                "headers": dict(response.items()),
                "etag": etag,
                "last_modified": last_modified,
            }
            caches["pages"].set(key, page, PAGE_TIMEOUT)
        response = HttpResponse(page["content"], headers=page["headers"])
        return get_conditional_response(
            request, etag=page["etag"], last_modified=page["last_modified"], response=response
        )

    return wrapper


@receiver([post_save, post_delete], sender=StatusClass)
@receiver([post_save, post_delete], sender=StatusCode)
@receiver([post_save, post_delete], sender=VendorUsage)
@receiver([post_save, post_delete], sender=CodeComparison)
@receiver(m2m_changed, sender=StatusCode.related_codes.through)
def content_changed(**kwargs):
    bump_content_version()
