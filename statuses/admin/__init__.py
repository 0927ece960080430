"""The admin, where editors change the content (Django finds it as ``statuses.admin``).

``base``: what every content model's admin shares (history, revert, conflict-safe saves,
previews, deleted rows); ``reference`` and ``guides``: the admins of the reference's and the
guides' models; ``forms``: the admin's forms; ``columns``: the code list's columns;
``preview``: the live Markdown preview; ``lockout``: the page of a locked-out login;
``history_messages``: the history screens' words for the Korean catalogue.
"""

from . import guides, reference  # noqa: F401  (registering the admins is importing them)
