"""The site's own address (DJANGO_SITE_URL), for every absolute link it gives."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(path):
    """``path`` on the canonical origin, whatever host or scheme the request named."""
    return settings.SITE_URL + path


def site_scheme():
    return urlsplit(settings.SITE_URL).scheme


def site_host():
    """Host and port, as a sitemap's domain."""
    return urlsplit(settings.SITE_URL).netloc
