"""What HTTP caches may do with each response: shared caches keep pages, browsers revalidate.

A public page (``@public_page``) is the same for every reader, so a CDN or Varnish in front may
keep it for ``SHARED_MAX_AGE`` seconds and serve it at the speed of a static file; every content
change purges the pages that show it (``caching.purge``), so the lifetime only bounds how stale
a page can be when a purge is lost. Browsers get ``max-age=0`` and revalidate with the ETag, so
a reader sees an edit on the next load. ``Surrogate-Key`` names what the page shows, for purging
by tag.

Everything else keeps to itself: a response that sets a cookie, or that read the session, is
``private``; the admin says ``no-store`` itself (Django's ``never_cache``), and try-it too.
"""

from django.utils.cache import patch_cache_control

# How long a shared cache may keep a page without hearing from the site: the bound on staleness
# if a purge never arrives (the cache was unreachable for longer than the purge retries).
SHARED_MAX_AGE = 60 * 60
# A shared cache may answer with the old page while it fetches the new one, briefly...
STALE_WHILE_REVALIDATE = 30
# ...and for a day when the app servers fail: an old page beats an error page.
STALE_IF_ERROR = 24 * 60 * 60


def mark_shared(response, tags):
    """Let shared caches keep this public page; tag it with what it shows."""
    response["Cache-Control"] = (
        f"public, max-age=0, s-maxage={SHARED_MAX_AGE}, "
        f"stale-while-revalidate={STALE_WHILE_REVALIDATE}, stale-if-error={STALE_IF_ERROR}"
    )
    response["Surrogate-Key"] = " ".join(tags)


class CachePolicyMiddleware:
    """The same rule for every response, whatever made it.

    - ``Vary: Accept-Language`` goes: with ``prefix_default_language=False`` the language comes
      from the URL alone (``LocaleMiddleware`` picks Korean for every unprefixed path, whatever
      the browser asks for), yet ``LocaleMiddleware`` still adds the header to unprefixed paths,
      which would split a shared cache into a copy per browser language.
    - A response that sets a cookie or depends on the session (``Vary: Cookie``) is private:
      no shared cache may store it, even if a view said otherwise.
    - A 304 carries no ``Content-Length``: ``CommonMiddleware`` gives it ``0``, the length of its
      empty body, where RFC 9110 (section 8.6) allows only the length of the page it stands for.

    It must sit above ``SessionMiddleware``, ``LocaleMiddleware`` and ``CommonMiddleware``, so
    that it sees their headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 304:
            response.headers.pop("Content-Length", None)
        if response.has_header("Vary"):
            vary = [
                field.strip()
                for field in response["Vary"].split(",")
                if field.strip().lower() != "accept-language"
            ]
            if vary:
                response["Vary"] = ", ".join(vary)
            else:
                del response["Vary"]
        if response.cookies or "cookie" in response.get("Vary", "").lower():
            if response.headers.pop("Surrogate-Key", None) is not None:
                response["Cache-Control"] = "private, no-cache"
            else:
                patch_cache_control(response, private=True)
        return response
