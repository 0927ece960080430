from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from statuses import views
from statuses.sitemaps import GuideSitemap, ReferenceSitemap

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("try/<int:code>/", views.try_status, name="try"),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": ReferenceSitemap, "guides": GuideSitemap}},
        name="sitemap",
    ),
    *i18n_patterns(path("", include("statuses.urls")), prefix_default_language=False),
]

handler404 = "statuses.views.page_not_found"
