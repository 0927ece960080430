from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    *i18n_patterns(path("", include("statuses.urls")), prefix_default_language=False),
]

handler404 = "statuses.views.page_not_found"
