"""Every fixed port the tests listen on (or find closed), in one place.

Tests that start real servers (Granian, nginx, Varnish, the stack) need ports known before they
start; each module gets its own, so modules running side by side on two workers never meet.
``TEST_PORT_BASE`` moves the whole band (default 8100), so two checkouts can run their suites on
one machine at once. The band stays below the ephemeral range.
"""

import os

BASE = int(os.environ.get("TEST_PORT_BASE", "8100"))

MANY_EDITORS = BASE + 51
CONFIGURATION = BASE + 110
PROCESSES = BASE + 130
TAKEN = BASE + 140  # and the four after it: the ports make stack and make bench check first
CLOSED = BASE + 199  # nothing listens here: the cache-outage tests' unreachable Redis
PURGE = BASE + 320
PURGE_GARBAGE = (BASE + 321, BASE + 322)  # endpoints that answer something that is not HTTP
SERVERS = (BASE + 330, BASE + 331, BASE + 332)
STACK = BASE + 360  # and the four after it: Varnish, two app servers, Redis, PostgreSQL
GUIDE_REDIRECTS = (BASE + 510, BASE + 511)  # the site, the plain origin in front of it
GUIDE_CACHING = (BASE + 520, BASE + 521, BASE + 522, BASE + 523)  # site, nginx, Varnish, plain
BROWSER_GUIDES = BASE + 530  # the plain origin in front of the browser tests' live server
LOGS = BASE + 620
STORED_PAGES = (BASE + 700, BASE + 701)  # the app server, Varnish in front of it
FRAMEWORK_APPS = (BASE + 710, BASE + 711)  # the Express app, the Go server
