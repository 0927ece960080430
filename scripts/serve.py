"""Granian for make run and make serve: `python scripts/serve.py --port 8000 [--reload]`.

Granian runs as this process's child, in a session of its own, and ends with it however it ends
(scripts/servers.py). A Ctrl-C, SIGTERM or SIGHUP (a closed terminal) here asks Granian's main
process alone to stop, and it stops its workers in turn. Run in the terminal's process group
itself, Granian would take a closed terminal's SIGHUP for "reload" and serve on, and its workers
would see the Ctrl-C too, exit before the main process asks them, and be reported as crashed.
"""

import argparse
import os
import sys

from servers import BASE_DIR, Children, Stop, end_with_parent, granian, stop_on_signals


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--reload", action="store_true", help="restart on code changes")
    options = parser.parse_args()
    stop_on_signals()
    end_with_parent()
    children = Children()
    try:
        server = children.start(
            "Granian",
            granian(options.port, options.workers, options.host, reload=options.reload),
            cwd=BASE_DIR,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"},
        )
        status = server.wait()
    except Stop:
        status = 0
    finally:
        children.stop()
    sys.exit(status)


if __name__ == "__main__":
    main()
