import ctypes
import multiprocessing
import os
import signal
import sys

if multiprocessing.current_process().name == "granian-worker":
    # A Granian worker is forked with its main process's signal handlers, which only raise a flag
    # in the main process's memory, and installs its own once the application is loaded: a stop
    # asked meanwhile would be lost, and the worker would serve on until killed ("Killing
    # worker-1 after it refused to gracefully stop"). Until it serves, a stop ends it at once.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform == "linux":  # and it stops when its main process ends, even by kill -9
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() != multiprocessing.parent_process().pid:  # it has ended already
            sys.exit(0)

from django.core.wsgi import get_wsgi_application  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

django_application = get_wsgi_application()

# Stored public pages are answered before Django's request handling (statuses/caching/wsgi.py);
# imported once Django is set up, as it reads the models.
from statuses.caching.wsgi import StoredPagesApplication  # noqa: E402

application = StoredPagesApplication(django_application)
