"""One clock and one safe shape for every log line: Django's, and Granian's server and access logs.

Each line is stamped in the site's TIME_ZONE with ISO 8601 and its offset, whatever zone the
process itself runs in (Granian's main process keeps the machine's zone; Django switches its
workers to TIME_ZONE, which is how the two used to disagree). Granian takes this formatter from
config/granian-logging.json.

What a request brings (a path, a Host header) reaches the log, so no line may hold a control
character: a decoded ``%0a`` in a path would otherwise start a forged line, and ``%1b`` write
terminal escapes. They are written as Python escapes (``\\n``, ``\\x1b``). A traceback keeps
its lines, each indented, so that only a record's first line starts with the clock. A request
the site refused (a 4xx that Django logs: a bad Host, a NUL, a URL that matches nothing) is one
line with no traceback, its message cut short: a 400 KB Host header costs the log a few hundred
bytes.
"""

import copy
import logging
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

LINE_FORMAT = "%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s"
# C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# The same, but a traceback keeps its line ends: it is many lines by nature.
CONTROL_BUT_LINE_END = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
CONTINUATION = "  "
MAX_REJECTION = 300


def escape_controls(text, pattern=CONTROL):
    return pattern.sub(lambda match: match[0].encode("unicode_escape").decode("ascii"), text)


def indented_lines(text):
    escaped = escape_controls(text, CONTROL_BUT_LINE_END)
    return "\n".join(CONTINUATION + line for line in escaped.split("\n"))


def is_rejected_request(record):
    """Django's record of a request it answered with a 4xx (``log_response`` sets the status)."""
    status = getattr(record, "status_code", None)
    return isinstance(status, int) and 400 <= status < 500


class SiteClockFormatter(logging.Formatter):
    """``2026-12-02T14:40:05.123+09:00 [pid] LEVEL logger: message``."""

    def __init__(self, fmt=LINE_FORMAT, **kwargs):
        super().__init__(fmt, **kwargs)

    def format(self, record):
        if is_rejected_request(record):
            message = record.getMessage()
            record = copy.copy(record)  # other handlers still get the record as it was
            if len(message) > MAX_REJECTION:
                message = f"{message[:MAX_REJECTION]}… ({len(message):,} characters)"
            record.msg, record.args = message, None
            record.exc_info = record.exc_text = record.stack_info = None
        return super().format(record)

    def formatMessage(self, record):
        record.message = escape_controls(record.message)
        return super().formatMessage(record)

    def formatException(self, exc_info):
        return indented_lines(super().formatException(exc_info))

    def formatStack(self, stack_info):
        return indented_lines(super().formatStack(stack_info))

    def formatTime(self, record, datefmt=None):
        moment = datetime.fromtimestamp(record.created, ZoneInfo(settings.TIME_ZONE))
        return moment.isoformat(timespec="milliseconds")
