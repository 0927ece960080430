from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.caches, deploy=True)
def shared_cache_check(app_configs, **kwargs):
    """The content version must be shared by every process serving the site."""
    if settings.CACHES["default"]["BACKEND"].endswith("LocMemCache"):
        return [
            Warning(
                "The default cache is local memory, private to each process: an edit would "
                "show only on the gunicorn worker that saved it.",
                hint="Set CACHE_URL to a cache every process shares: filecache:///path on one "
                "machine, redis://host:6379/1 on several.",
                id="statuses.W001",
            )
        ]
    return []
