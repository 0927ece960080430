from django.apps import AppConfig


class StatusesConfig(AppConfig):
    name = "statuses"

    def ready(self):
        from . import caching  # noqa: F401  (connects the signals that keep the page cache fresh)
