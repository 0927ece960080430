"""Caching at every level, and keeping it fresh.

``pages``: the page cache of each process, keyed by the content version that every save bumps,
with conditional GET (``public_page``); ``policy``: what HTTP caches in front may keep
(``Cache-Control``, ``Surrogate-Key``); ``purge``: telling those caches what a change shows;
``changes``: every content change bumps the version and purges, told once;
``memory``: the page cache's store, bounded in bytes.
"""
