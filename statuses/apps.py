from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatusesConfig(AppConfig):
    name = "statuses"
    verbose_name = _("HTTP status codes")

    def ready(self):
        # Connect the signals that keep the page cache fresh, and the deployment check.
        from . import caching, checks, guide_signals  # noqa: F401
