from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import StatusClass, StatusCode
from .site import site_host, site_scheme


class ReferenceSitemap(Sitemap):
    """Every page in both languages, each with its hreflang alternates."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return ["home", *StatusClass.objects.all(), *StatusCode.objects.all()]

    def location(self, item):
        return reverse("statuses:home") if item == "home" else item.get_absolute_url()

    def lastmod(self, item):
        return None if item == "home" else item.updated_at

    # The canonical origin, not the request's host and scheme.
    def get_protocol(self, protocol=None):
        return site_scheme()

    def get_domain(self, site=None):
        return site_host()


class GuideSitemap(ReferenceSitemap):
    """The guides and every step of the decision guide, in both languages."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        from .models import DecisionStep, Guide

        return [*Guide.objects.all(), *DecisionStep.objects.all()]

    def lastmod(self, item):
        return item.updated_at
