"""One clock for every log line: Django's, and gunicorn's error and access logs.

Each line is stamped in the site's TIME_ZONE with ISO 8601 and its offset, whatever zone the
process itself runs in (gunicorn's master keeps the machine's zone; Django switches its workers
to TIME_ZONE, which is how the two used to disagree).
"""

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from gunicorn import glogging

LINE_FORMAT = "%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s"

# gunicorn's access line without its own time stamp: the formatter adds the one clock.
ACCESS_LOG_FORMAT = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


class SiteClockFormatter(logging.Formatter):
    """``2026-12-02T14:40:05.123+09:00 [pid] LEVEL logger: message``."""

    def __init__(self, fmt=LINE_FORMAT, **kwargs):
        super().__init__(fmt, **kwargs)

    def formatTime(self, record, datefmt=None):
        moment = datetime.fromtimestamp(record.created, ZoneInfo(settings.TIME_ZONE))
        return moment.isoformat(timespec="milliseconds")


class GunicornLogger(glogging.Logger):
    """gunicorn's logger with the site's formatter on its error and access handlers."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(SiteClockFormatter())
