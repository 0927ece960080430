"""The production settings with no page cache: `make bench` measures an uncached render."""

from config.settings import *  # noqa: F403

CACHES = {
    **CACHES,  # noqa: F405
    "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
