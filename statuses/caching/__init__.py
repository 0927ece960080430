"""Caching at every level, and keeping it fresh.

``page_cache``: the page cache of each process, keyed by the content version that every save bumps,
with conditional GET (``public_page``); ``policy``: what HTTP caches in front may keep
(``Cache-Control``, ``Surrogate-Key``); ``purge``: telling those caches what a change shows;
``changes``: every content change bumps the version and purges, told once;
``memory``: the page cache's store, bounded in bytes; ``encodings``: the gzip and Brotli variants
made when a page is rendered, and the choice among them; ``wsgi``: the layer in front of Django
that answers a request it has seen Django answer from a stored page.
"""
