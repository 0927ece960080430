from django.apps import AppConfig


class StatusesConfig(AppConfig):
    name = "statuses"

    def ready(self):
        # Connect the signals that keep the page cache fresh, and the deployment check.
        from . import caching, checks  # noqa: F401
