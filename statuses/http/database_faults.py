"""When the database cannot take a write: a full disk, a read-only database (a read-only mount,
a replica, PostgreSQL's ``default_transaction_read_only``), a lock held too long, a lost
connection.

Readers do not notice: the pages only read. An editor's save answers 503 with the form as they
filled it and a message that nothing was saved (``admin.base``); any other write (a login, a
deletion) answers the 503 page (``views.pages.server_error``). Anything else stays a 500.
"""

import sqlite3

from django.db import DatabaseError, OperationalError
from django.utils.translation import gettext_lazy as _

# PostgreSQL's SQLSTATE: a read-only transaction; classes 08 (connection lost), 53 (insufficient
# resources: disk full, out of memory) and 57 (operator intervention: shutting down).
READ_ONLY = "25006"
UNAVAILABLE_CLASSES = ("08", "53", "57")
# SQLite says it in words (its other operational errors, "no such table", are bugs).
SQLITE_CANNOT_WRITE = (
    "readonly database",
    "database or disk is full",
    "database is locked",
    "disk I/O error",
    "unable to open database file",
)
RETRY_AFTER = 60  # seconds

UNWRITABLE_MESSAGE = _(
    "Nothing was saved: the database cannot take changes right now (its disk may be full, or "
    "it may be read-only). What you typed is still in the form below, unchanged. Save again in "
    "a few minutes; if it keeps failing, tell the site's administrator."
)


def cannot_write(error):
    """Whether ``error`` says the database cannot take writes for now, not that a query is wrong."""
    if not isinstance(error, DatabaseError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        return sqlstate == READ_ONLY or sqlstate[:2] in UNAVAILABLE_CLASSES
    if isinstance(cause, sqlite3.Error):
        return any(words in str(error) for words in SQLITE_CANNOT_WRITE)
    return isinstance(error, OperationalError)  # psycopg: a connection lost has no SQLSTATE
