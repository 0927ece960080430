"""A cache in each process's memory, bounded in bytes: the least recently used entries go first.

Django's local-memory cache bounds entries by count only, so a few large pages (the JSON list is
half a megabyte) can take far more memory than many small ones. This one adds up the size of
what it holds and evicts until it is back under ``OPTIONS["MAX_BYTES"]``.

Values are kept as they are, not pickled: callers must not change a value after ``set`` or
``get``. Their size is counted as the length of the bytes and strings they hold (in dicts,
lists and tuples), plus a fixed overhead per entry.
"""

import threading
import time
from collections import OrderedDict

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

ENTRY_OVERHEAD = 512
_stores = {}
_stores_lock = threading.Lock()


class Store:
    """One cache's entries, shared by the threads of a process (Django gives each thread its own
    backend object)."""

    def __init__(self):
        self.entries = OrderedDict()  # key: (value, expires, size), least recently used first
        self.size = 0
        self.lock = threading.Lock()


def size_of(value):
    if isinstance(value, bytes | str):
        return len(value)
    if isinstance(value, dict):
        return sum(size_of(key) + size_of(item) for key, item in value.items())
    if isinstance(value, list | tuple):
        return sum(size_of(item) for item in value)
    return 8


class BoundedMemoryCache(BaseCache):
    def __init__(self, name, params):
        super().__init__(params)
        self.max_bytes = int(params.get("OPTIONS", {}).get("MAX_BYTES", 16 * 2**20))
        with _stores_lock:
            self._store = _stores.setdefault(name, Store())

    def validate_key(self, key):
        """Any key will do: entries never leave this process, so memcached's limits on keys, which
        Django checks character by character on every call, do not apply."""

    @property
    def size(self):
        """The bytes held now."""
        return self._store.size

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._store.lock:
            entry = self._live_entry(key)
            if entry is None:
                return default
            self._store.entries.move_to_end(key)
            return entry[0]

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        size = ENTRY_OVERHEAD + len(key) + size_of(value)
        store = self._store
        with store.lock:
            self._remove(key)
            if size > self.max_bytes:
                return
            store.entries[key] = (value, self.get_backend_timeout(timeout), size)
            store.size += size
            while store.size > self.max_bytes:
                self._remove(next(iter(store.entries)))

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if self.has_key(key, version=version):
            return False
        self.set(key, value, timeout, version=version)
        return True

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._store.lock:
            entry = self._live_entry(key)
            if entry is not None:
                self._store.entries[key] = (entry[0], self.get_backend_timeout(timeout), entry[2])
            return entry is not None

    def has_key(self, key, version=None):
        return self.get(key, self, version=version) is not self

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        with self._store.lock:
            return self._remove(key)

    def clear(self):
        store = self._store
        with store.lock:
            store.entries.clear()
            store.size = 0

    def _live_entry(self, key):
        """The entry under ``key``, or None if there is none or it has expired (then it goes).
        The caller holds the lock."""
        entry = self._store.entries.get(key)
        if entry is not None and entry[1] is not None and entry[1] <= time.time():
            self._remove(key)
            return None
        return entry

    def _remove(self, key):
        """Remove one entry; the caller holds the lock."""
        entry = self._store.entries.pop(key, None)
        if entry is None:
            return False
        self._store.size -= entry[2]
        return True
