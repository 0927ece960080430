from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _


class StatusesConfig(AppConfig):
    name = "statuses"
    verbose_name = _("HTTP status codes")

    def ready(self):
        # Connect the signals that keep the page cache fresh and purge the HTTP caches, and the
        # deployment check; register the URL converters "code" and "digit".
        from . import checks, converters  # noqa: F401
        from .caching import changes  # noqa: F401

        # django-axes names itself "Axes" in the admin, an untranslatable string.
        apps.get_app_config("axes").verbose_name = _("Login attempts")
