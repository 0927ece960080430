"""This site served by a real server thread in the test process, on a fixed port.

For the tests that need a port known in advance (proxies pointed at it) or a server that takes
many connections at once; pytest-django's ``live_server`` serves the browser tests.
"""

import contextlib

from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.db import connections
from django.test.testcases import LiveServerThread, _StaticFilesHandler


class QuietRequestHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class RoomyServer(ThreadedWSGIServer):
    # Django's test server queues 10 connections; a production server queues hundreds. With
    # fewer, the operating system resets concurrent clients' connections before the site sees
    # them.
    request_queue_size = 128


class FixedPortServerThread(LiveServerThread):
    """Django's live server on a fixed port that can be bound again right after a stop.

    Django's own refuses address reuse (to notice port clashes), so a second start on the
    same port fails while the first one's connections linger in TIME_WAIT.
    """

    server_class = RoomyServer

    def _create_server(self, connections_override=None):
        return self.server_class(
            (self.host, self.port),
            QuietRequestHandler,
            allow_reuse_address=True,
            connections_override=connections_override,
        )


@contextlib.contextmanager
def live_site(port):
    """This site on 127.0.0.1:port for the duration, sharing the test database."""
    # An in-memory SQLite test database is shared with the server's thread, as Django's
    # LiveServerTestCase does; other databases are reached through their own connections.
    shared = {
        conn.alias: conn
        for conn in connections.all()
        if conn.vendor == "sqlite" and conn.is_in_memory_db()
    }
    for conn in shared.values():
        conn.inc_thread_sharing()
    thread = FixedPortServerThread(
        "127.0.0.1", _StaticFilesHandler, connections_override=shared, port=port
    )
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    try:
        if thread.error:
            raise thread.error
        yield f"http://127.0.0.1:{port}"
    finally:
        thread.terminate()
        for conn in shared.values():
            conn.dec_thread_sharing()
