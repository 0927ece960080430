"""Stored public pages answered before Django: a WSGI layer around the site (``config/wsgi.py``).

Even from the page cache, a public page walked Django's whole request handling (sessions,
authentication, messages, history, axes, locale, CSRF) to send bytes that were ready: about 0.3 ms
of CPU, where the bytes themselves take a few microseconds. This layer sits in front of Django's
handler. When Django answers a request from a stored page (``caching.page_cache``), the layer
records the answer as it left Django, the status line and every header field (security headers,
CSP, ``Content-Language``, the caching policy, whatever the middleware added), under the request's
*shape*; the next request of the same shape gets that answer and the page's stored bytes without
entering Django.

The shape holds everything a public page's answer depends on, so nothing else can change it:

- the content version, read from the shared cache on every request as the page cache reads it:
  an edit makes every record unreachable at once;
- the scheme and the host as the request states them (``wsgi.url_scheme``, ``Host``, and the
  proxy headers the settings trust): HSTS and the HTTPS redirect depend on the first, the
  allowed hosts on the second. A host Django refuses gets Django's 400, which is never recorded;
- the path and the raw query string. Only a query string that is already the one the page is kept
  under (no parameter the view does not read) is recorded, so cache-busting parameters still
  reach the page cache inside Django and add no record;
- the encoding chosen for ``Accept-Encoding`` (``caching.encodings``);
- for ``If-None-Match`` and ``If-Modified-Since``, whether Django's own rules find the variant
  unchanged: a 304 is recorded and replayed like a 200. Requests with ``If-Match`` or
  ``If-Unmodified-Since`` (412 territory) always go to Django.

A public page never depends on cookies or the session, and an answer that sets a cookie, is not
``public`` or sends other bytes than the stored page's is never recorded. Only GET and HEAD;
HEAD gets the same fields without the body. Records live in the page cache beside the pages
(bounded, evicted together, of the same content version); the layer touches no database.
"""

import hashlib
from types import SimpleNamespace

from django.conf import settings
from django.core.cache import caches
from django.utils.cache import get_conditional_response

from .encodings import chosen_encoding
from .page_cache import PAGE_TIMEOUT, content_version

SAFE_METHODS = ("GET", "HEAD")
PRECONDITIONS = ("HTTP_IF_MATCH", "HTTP_IF_UNMODIFIED_SINCE")
REVALIDATIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


class StoredPagesApplication:
    """Wraps Django's WSGI application; answers the requests it has seen Django answer from a
    stored page."""

    def __init__(self, django_application):
        self.django = django_application

    def __call__(self, environ, start_response):
        if environ["REQUEST_METHOD"] not in SAFE_METHODS or any(
            name in environ for name in PRECONDITIONS
        ):
            return self.django(environ, start_response)
        version = content_version()
        if version is None:
            return self.django(environ, start_response)
        shape = request_shape(environ)
        stored = stored_answer(environ, version, shape)
        if stored is None:
            return self.record(environ, start_response, shape)
        answer, body = stored
        start_response(answer["status"], answer["headers"])
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def record(self, environ, start_response, shape):
        """Let Django answer, and keep the answer if it came from a stored page."""
        query = environ.get("QUERY_STRING", "")  # Django rewrites it to the kept parameters
        answered = {}

        def keep_status_and_headers(status, headers, exc_info=None):
            answered["status"], answered["headers"] = status, headers
            return start_response(status, headers, exc_info)

        response = self.django(environ, keep_status_and_headers)
        stored = getattr(response, "stored_page", None)
        if (
            stored is not None
            and stored.query == query
            and response.status_code in (200, 304)
            and is_public(answered["headers"])
            and sends_stored_bytes(response, stored)
        ):
            caches["pages"].set(
                answer_key(stored.version, shape, response.status_code == 304),
                {
                    "status": answered["status"],
                    "headers": list(answered["headers"]),
                    "page": stored.key,
                    "encoding": stored.encoding,
                },
                PAGE_TIMEOUT,
            )
        return response


def stored_answer(environ, version, shape):
    """The recorded answer to this request and the bytes it sends, or None."""
    store = caches["pages"]
    full = store.get(answer_key(version, shape, False))
    revalidating = any(name in environ for name in REVALIDATIONS)
    not_modified = store.get(answer_key(version, shape, True)) if revalidating else None
    known = full or not_modified
    page = known and store.get(known["page"])
    if not page:
        return None
    body, etag = page["variants"][known["encoding"]]
    if revalidating and unchanged(environ, etag, page["last_modified"]):
        return not_modified and (not_modified, b"")
    return full and (full, body)


def unchanged(environ, etag, last_modified):
    """Django's own answer to If-None-Match and If-Modified-Since: is this a 304?"""
    request = SimpleNamespace(META=environ, method=environ["REQUEST_METHOD"])
    return get_conditional_response(request, etag=etag, last_modified=last_modified) is not None


def request_shape(environ):
    """Everything in the request that a stored page's answer depends on, as one string."""
    parts = [
        chosen_encoding(environ.get("HTTP_ACCEPT_ENCODING")),
        environ.get("wsgi.url_scheme", ""),
        environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}",
        environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
    ]
    if settings.SECURE_PROXY_SSL_HEADER:
        parts.append(environ.get(settings.SECURE_PROXY_SSL_HEADER[0], ""))
    if settings.USE_X_FORWARDED_HOST:
        parts.append(environ.get("HTTP_X_FORWARDED_HOST", ""))
    if settings.USE_X_FORWARDED_PORT:
        parts.append(environ.get("HTTP_X_FORWARDED_PORT", ""))
    return "\n".join(parts)


def answer_key(version, shape, not_modified):
    digest = hashlib.sha256(shape.encode("utf-8", "surrogatepass")).hexdigest()
    return f"statuses:answer:{version}:{304 if not_modified else 200}:{digest}"


def sends_stored_bytes(response, stored):
    """Whether the body Django sends is the stored variant's, untouched by any middleware (a 304
    sends none)."""
    if response.status_code == 304:
        return response.content == b""
    page = caches["pages"].get(stored.key)
    return page is not None and response.content == page["variants"][stored.encoding][0]


def is_public(headers):
    """No cookie, and the caching policy let shared caches keep it: the same for everyone."""
    cache_control = ""
    for name, value in headers:
        name = name.lower()
        if name == "set-cookie":
            return False
        if name == "cache-control":
            cache_control = value
    return "public" in {directive.strip() for directive in cache_control.split(",")}
