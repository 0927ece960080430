"""One clock for every log line: Django's, and Granian's server and access logs.

Each line is stamped in the site's TIME_ZONE with ISO 8601 and its offset, whatever zone the
process itself runs in (Granian's main process keeps the machine's zone; Django switches its
workers to TIME_ZONE, which is how the two used to disagree). Granian takes this formatter from
config/granian-logging.json.
"""

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings

LINE_FORMAT = "%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s"


class SiteClockFormatter(logging.Formatter):
    """``2026-12-02T14:40:05.123+09:00 [pid] LEVEL logger: message``."""

    def __init__(self, fmt=LINE_FORMAT, **kwargs):
        super().__init__(fmt, **kwargs)

    def formatTime(self, record, datefmt=None):
        moment = datetime.fromtimestamp(record.created, ZoneInfo(settings.TIME_ZONE))
        return moment.isoformat(timespec="milliseconds")
