import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

django_application = get_wsgi_application()

# Stored public pages are answered before Django's request handling (statuses/caching/wsgi.py);
# imported once Django is set up, as it reads the models.
from statuses.caching.wsgi import StoredPagesApplication  # noqa: E402

application = StoredPagesApplication(django_application)
