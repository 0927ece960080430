from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from statuses.sitemaps import GuideSitemap, ReferenceSitemap
from statuses.views import pages, tryit

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("robots.txt", pages.robots_txt, name="robots"),
    path("favicon.ico", pages.icon, {"name": "favicon.svg"}, name="favicon"),
    path("apple-touch-icon.png", pages.icon, {"name": "apple-touch-icon.png"}),
    path("apple-touch-icon-precomposed.png", pages.icon, {"name": "apple-touch-icon.png"}),
    path(
        "sitemap.xml",
        csrf_exempt(require_safe(sitemap)),
        {"sitemaps": {"pages": ReferenceSitemap, "guides": GuideSitemap}},
        name="sitemap",
    ),
    *i18n_patterns(
        path("try/<code:code>/", tryit.try_status, name="try"),
        path("", include("statuses.urls")),
        prefix_default_language=False,
    ),
]

handler404 = "statuses.views.pages.page_not_found"
handler500 = "statuses.views.pages.server_error"
