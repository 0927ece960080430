import os
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.http.request import validate_host

SHARED_CACHE_HINT = (
    "Give every process the same CACHE_URL from the environment or .env: unset (a file cache "
    "in the project folder) or filecache:///absolute/path on one machine, run by one user; "
    "redis://host:6379/1 on several machines."
)


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """Every process serving or changing the site must share one cache: it holds the content
    version, and a process that bumps a version no server reads leaves the servers stale."""
    problem = shared_cache_problem(settings.CACHES["default"])
    if problem:
        return [Warning(problem, hint=SHARED_CACHE_HINT, id="statuses.W001")]
    return []


def shared_cache_problem(cache):
    backend = cache["BACKEND"].rsplit(".", 1)[-1]
    if backend == "LocMemCache":
        return (
            "The default cache is local memory, private to each process: an edit or a "
            "load_content would show only in the process that made it."
        )
    if backend == "DummyCache":
        return "The default cache keeps nothing, so no process can tell another of an edit."
    if backend == "FileBasedCache":
        # A relative folder is Django's own warning, caches.W003.
        location = Path(cache["LOCATION"])
        if location.is_absolute() and not usable_directory(location):
            return (
                f"This process cannot read and write the file cache '{location}' (another "
                "user made it, or a file is in the way), so it would not share the cache."
            )
    return None


def usable_directory(path):
    """Whether this process can use the folder, or create it."""
    while not path.exists():
        path = path.parent
    return path.is_dir() and os.access(path, os.R_OK | os.W_OK | os.X_OK)


@register(Tags.security, deploy=True)
def site_url_check(app_configs, **kwargs):
    """Absolute links use DJANGO_SITE_URL: it must be an address this site answers to."""
    site = urlsplit(settings.SITE_URL)
    if not validate_host(site.hostname, settings.ALLOWED_HOSTS):
        problem = f"DJANGO_SITE_URL ({settings.SITE_URL}) names a host not in ALLOWED_HOSTS"
    elif site.scheme != "https" and (settings.SECURE_SSL_REDIRECT or settings.SECURE_HSTS_SECONDS):
        problem = f"DJANGO_SITE_URL ({settings.SITE_URL}) is plain HTTP, but the site is HTTPS only"
    else:
        return []
    return [
        Warning(
            f"{problem}: every canonical, hreflang, Open Graph and sitemap link would point there.",
            hint="Set DJANGO_SITE_URL to the public origin, e.g. https://example.com.",
            id="statuses.W002",
        )
    ]
