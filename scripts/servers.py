"""The servers that make run, make serve, make stack, make bench and the tests start.

One home for what they share:

- ``granian()``: the command line of the production app server (Granian's WSGI server;
  docs/benchmarks.md says why), with every option the site relies on.
- ``ports_free()``: every port a command will listen on, checked before anything starts; a taken
  one stops it with one line naming the port.
- ``Children``: the processes a command starts. Each runs in a session of its own (a Ctrl-C
  reaches the command, which stops them in order) with a parent-death signal set before it runs
  (Linux), so it stops when the command ends, however that ends: Ctrl-C, SIGTERM, a closed
  terminal, or ``kill -9``, which no handler sees.
- ``stop_on_signals()``: Ctrl-C, SIGTERM and SIGHUP (a closed terminal) raise ``Stop``, whatever
  the command inherited (a job started in the background inherits SIGINT ignored).
- ``wait_until()``: until a server answers, or its process exits.
- ``app_servers()``: Granian on ports of 127.0.0.1, as make stack and the benchmarks start it,
  once each answers.
- ``nginx_conf()``: an nginx that keeps all it writes in one folder, for the benchmark and the
  tests that put nginx in front of the site.

Standard library only: the Makefile checks a port with it before .venv exists
(``python3 scripts/servers.py HOST PORT ADVICE``).
"""

import ctypes
import fcntl
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import suppress
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# Names make run reloads on: Python files, templates (.html, .txt), the compiled message
# catalogue and .env. Everything else the folder holds or gets (the database and its journal,
# .cache/, logs, an editor's swap file, static sources, which only collectstatic publishes) is
# no reason to restart the site.
NOT_CODE = r"^(?!.*\.(py|html|txt|mo)$|\.env$)"
ACCESS_LOG_FORMAT = '%(addr)s "%(method)s %(path)s %(protocol)s" %(status)d %(dt_ms).1fms'


class Failed(Exception):
    """A server that cannot start; the message is the one line to show."""


class Stop(Exception):
    """Ctrl-C, SIGTERM or SIGHUP arrived."""


# Threads a worker runs the site in: Granian's own advice for WSGI, and it warns above it.
THREADS = 2 * (os.cpu_count() or 1) + 1
# Seconds a worker still in a request after a stop is given before it is killed.
KILL_TIMEOUT = 3


def granian(port, workers, host="127.0.0.1", reload=False, log=True):
    """Granian's command line, run from the project folder with DJANGO_SETTINGS_MODULE set.

    It reads no X-Forwarded-* header: Django alone decides what to trust. A worker that dies
    (killed, a crash in a C extension) is started again; a worker still in a request 3 s after
    the stop is killed, so a stop never waits for a slow request. Each worker runs the site in
    ``THREADS`` threads: enough for a login's password hash or a database wait to leave pages
    answering, where Granian's default (as many as its backlog, 512) queues that many threads for
    one interpreter lock and made the slowest answers 3 to 7 times nginx's (docs/benchmarks.md).
    ``reload`` (make run): one worker started again whenever a file of code changes, even after
    one that failed to load.
    ``log``: every line on the site's clock (statuses/http/log_format.py), access lines included.
    """
    command = [str(BIN / "granian"), "--interface", "wsgi", "config.wsgi:application"]
    command += ["--host", host, "--port", str(port), "--workers", str(workers)]
    command += ["--workers-kill-timeout", str(KILL_TIMEOUT), "--blocking-threads", str(THREADS)]
    if reload:
        command += ["--reload", "--reload-paths", str(BASE_DIR), "--reload-ignore-patterns"]
        command += [NOT_CODE, "--reload-ignore-paths", str(BASE_DIR / "staticfiles")]
        command += ["--reload-ignore-worker-failure"]
    else:
        command += ["--respawn-failed-workers"]
    if log:
        command += ["--log-config", str(BASE_DIR / "config" / "granian-logging.json")]
        command += ["--access-log", "--access-log-fmt", ACCESS_LOG_FORMAT]
    else:
        command += ["--no-log"]
    return command


def ports_free(host, ports, advice):
    """Fail with one line on the first of ``ports`` ({port: what would listen there}) taken."""
    for port, name in ports.items():
        try:
            socket.create_server((host, port)).close()
        except OSError:
            what = f" ({name})" if name else ""
            raise Failed(
                f"{host}:{port}{what} is taken: stop what listens there, or {advice}"
            ) from None


# prctl(2), looked up before any fork: a child may not load libraries between fork and exec.
_prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform == "linux" else None
PR_SET_PDEATHSIG = 1


def end_with_parent(stop_signal=signal.SIGTERM):
    """Have the kernel send ``stop_signal`` to this process when its parent ends (Linux)."""
    if _prctl is None:
        return
    parent = os.getppid()
    _prctl(PR_SET_PDEATHSIG, stop_signal)
    if os.getppid() != parent:  # the parent ended before the signal was set
        os.kill(os.getpid(), stop_signal)


def stop_on_signals():
    def stop(signum, frame):
        raise Stop(signal.Signals(signum).name)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, stop)


class Children:
    """The processes a command starts, stopped together, in the reverse order of their start."""

    def __init__(self):
        self.started = []  # (name, process, stop signal)

    def start(self, name, command, stop_signal=signal.SIGTERM, **options):
        process = subprocess.Popen(
            command, start_new_session=True, preexec_fn=self.preexec(stop_signal), **options
        )
        self.started.append((name, process, stop_signal))
        return process

    def run(self, command, **options):
        """A step that runs to its end (initdb, migrate); it too ends with this process."""
        return subprocess.run(
            command,
            start_new_session=True,
            preexec_fn=self.preexec(signal.SIGTERM),
            check=True,
            **options,
        )

    @staticmethod
    def preexec(stop_signal):
        """Run in the child after fork, after any change of user, before exec, which keeps it."""
        if _prctl is None:
            return None
        parent = os.getpid()

        def end_with_this_process():
            _prctl(PR_SET_PDEATHSIG, stop_signal)
            if os.getppid() != parent:  # this process ended meanwhile
                os._exit(1)

        return end_with_this_process

    def first_exit(self):
        """Wait until one of the children exits; its name."""
        while True:
            for name, process, _ in self.started:
                if process.poll() is not None:
                    return name
            time.sleep(0.2)

    def stop(self, seconds=10):
        # Stopping already: another Ctrl-C or SIGTERM must not cut it short.
        signals = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
        handlers = {signum: signal.signal(signum, signal.SIG_IGN) for signum in signals}
        try:
            self.stop_all(seconds)
        finally:
            for signum, handler in handlers.items():
                signal.signal(signum, handler)

    def stop_all(self, seconds):
        for _, process, stop_signal in reversed(self.started):
            if process.poll() is None:
                process.send_signal(stop_signal)
        deadline = time.monotonic() + seconds
        for name, process, _ in reversed(self.started):
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                print(f"{name} did not stop in {seconds} s; killing it", file=sys.stderr)
                process.kill()
                process.wait()
        self.started.clear()


def wait_until(what, check, process=None, seconds=60):
    """Until ``check()`` is true (an OSError counts as not yet); fails if ``process`` exits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise Failed(f"{what} exited with status {process.returncode}")
        with suppress(OSError):
            if check():
                return
        time.sleep(0.1)
    raise Failed(f"{what}: still waiting after {seconds} s")


def answers(url):
    """Whether ``url`` answers 200."""
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.status == 200


def app_servers(children, ports, workers, env, name="app server", path="/", **options):
    """Granian on each of ``ports`` of 127.0.0.1, as `make serve` runs it but without its log,
    started by ``children`` from the project folder with ``env`` (and Popen's ``options``);
    {port: process} once each answers 200 at ``path``. All start before the first is waited
    for: they load at once.
    """
    processes = {
        port: children.start(
            f"{name} on {port}", granian(port, workers, log=False), cwd=BASE_DIR, env=env, **options
        )
        for port in ports
    }
    for port, process in processes.items():
        url = f"http://127.0.0.1:{port}{path}"
        wait_until(f"The {name} on {port}", lambda url=url: answers(url), process)
    return processes


def listens(port, host="127.0.0.1"):
    """Whether something accepts connections on ``host:port``."""
    with socket.create_connection((host, port), timeout=1):
        return True


_held = []  # the lock of each folder made by workdir(), held while this process lives


def workdir(prefix):
    """A new temporary folder, locked while this process lives.

    Folders of earlier runs whose process was killed before it could remove its own (their lock
    is free) are removed first.
    """
    for lock_file in Path(tempfile.gettempdir()).glob(f"{prefix}*/owner.lock"):
        with suppress(OSError), lock_file.open() as lock:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            shutil.rmtree(lock_file.parent)
    path = Path(tempfile.mkdtemp(prefix=prefix))
    lock = (path / "owner.lock").open("w")
    fcntl.flock(lock, fcntl.LOCK_EX)
    _held.append(lock)
    return path


def nginx_conf(folder, port, server, http="", one_process=True):
    """An nginx configuration listening on 127.0.0.1:``port`` that writes only in ``folder``,
    with the ``server`` block's directives and, at the http level, ``http``'s.

    ``one_process``: no master, so the one process keeps root's rights on ``folder`` (a test's
    temporary folder is the user's alone) and ends with a plain terminate; else a worker a core
    (the benchmark), which drop to an unprivileged user: ``folder`` must be readable by it.
    """
    processes = "master_process off;" if one_process else "worker_processes auto;"
    temp_paths = "".join(
        f"    {kind}_temp_path {folder}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"daemon off;\n{processes}\npid {folder}/nginx.pid;\nerror_log {folder}/nginx-error.log;\n"
        f"events {{ worker_connections 1024; }}\n"
        f"http {{\n    access_log off;\n{temp_paths}{http}"
        f"    server {{\n        listen 127.0.0.1:{port};\n{server}    }}\n}}\n"
    )


if __name__ == "__main__":
    # The Makefile's port check: python3 scripts/servers.py HOST PORT "what to do instead"
    host, port, advice = sys.argv[1:]
    try:
        ports_free(host, {int(port): None}, advice)
    except Failed as error:
        sys.exit(f"!! {error}")
