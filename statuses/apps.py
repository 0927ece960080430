from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class StatusesConfig(AppConfig):
    name = "statuses"
    verbose_name = _("HTTP status codes")

    def ready(self):
        # Connect the signals that keep the page cache fresh, and the deployment check.
        from . import caching, checks  # noqa: F401

        # django-axes names itself "Axes" in the admin, an untranslatable string.
        apps.get_app_config("axes").verbose_name = _("Login attempts")
