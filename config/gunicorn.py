"""gunicorn settings for make run, make serve and production: `--config python:config.gunicorn`."""

import os

from statuses.log_format import ACCESS_LOG_FORMAT

# Every line in one format on the site's clock; the formatter reads TIME_ZONE from the
# settings, in gunicorn's master process too.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
logger_class = "statuses.log_format.GunicornLogger"
access_log_format = ACCESS_LOG_FORMAT
