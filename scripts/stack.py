"""The production topology on one machine: `make stack`.

    reader -> Varnish (HOST:PORT) -> two app servers (PORT+1, PORT+2) -> PostgreSQL (PORT+4)
                 ^ purge by tag                 \\-> Redis, the shared cache (PORT+3)

Installs Debian's varnish, varnish-modules, redis-server and postgresql when they are missing (as
root), starts a throwaway PostgreSQL cluster and a Redis server of its own, loads the content
fixtures, starts two app servers as `make serve` would and Varnish in front of them, and stops all
of them together on Ctrl-C or SIGTERM. Nothing is kept: each run starts from the fixtures (export
edits with `make export` against a lasting database instead).

DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD, when set, create an admin account.
"""

import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PACKAGES = {
    "varnishd": ("/usr/sbin/varnishd", "varnish"),
    "xkey": ("/usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so", "varnish-modules"),
    "redis-server": ("/usr/bin/redis-server", "redis-server"),
    "postgres": ("/usr/lib/postgresql", "postgresql"),
}


def app_server(port, workers, host="127.0.0.1"):
    """The production app server: Granian's WSGI server (docs/benchmarks.md says why)."""
    return [
        str(BIN / "granian"),
        "--interface",
        "wsgi",
        "config.wsgi:application",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        # A worker that has not finished starting ignores the graceful stop: kill it, or the
        # main process waits for it forever (as make serve does).
        "--workers-kill-timeout",
        "3",
        "--no-log",
    ]


def install_missing(extra=None):
    needed = {**PACKAGES, **(extra or {})}
    missing = sorted({package for path, package in needed.values() if not Path(path).exists()})
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit(f"This needs Debian's {', '.join(missing)}: run it as root once.")
    print(f"Installing {', '.join(missing)}")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", *missing],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        stdout=subprocess.DEVNULL,
    )


def wait_for(what, check, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{what} exited with status {process.returncode}")
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"{what} did not start within {seconds} s")


def http_ok(url):
    with urllib.request.urlopen(url, timeout=2) as response:
        return response.status == 200


class Stack:
    def __init__(self, host, port, workers):
        self.host, self.port, self.workers = host, port, workers
        self.processes = []
        self.workdir = Path(tempfile.mkdtemp(prefix="httpstatus-stack-"))

    def start(self, name, command, **kwargs):
        process = subprocess.Popen(command, start_new_session=True, **kwargs)
        self.processes.append((name, process))
        return process

    def stop(self):
        for name, process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGINT if name == "postgresql" else signal.SIGTERM)
        for name, process in reversed(self.processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                print(f"{name} did not stop in 30 s; killing it", file=sys.stderr)
                process.kill()
        shutil.rmtree(self.workdir, ignore_errors=True)

    def postgresql(self, port):
        """A cluster of its own; as root, run as the postgres user, which PostgreSQL requires."""
        bin_dir = sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1]
        data = self.workdir / "postgresql"
        data.mkdir()
        owner = {}
        if os.geteuid() == 0:
            shutil.chown(self.workdir, "postgres")
            shutil.chown(data, "postgres")
            owner = {"user": "postgres", "group": "postgres", "extra_groups": []}
        subprocess.run(
            [bin_dir / "initdb", "-D", data, "-U", "httpstatus", "--auth=trust"],
            check=True,
            stdout=subprocess.DEVNULL,
            **owner,
        )
        process = self.start(
            "postgresql",
            [bin_dir / "postgres", "-D", data, "-p", str(port), "-k", data]
            + ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            **owner,
        )

        def ready():
            result = subprocess.run(
                [bin_dir / "pg_isready", "-h", "127.0.0.1", "-p", str(port)],
                capture_output=True,
            )
            return result.returncode == 0

        wait_for("PostgreSQL", ready, process)
        subprocess.run(
            [bin_dir / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "httpstatus"]
            + ["httpstatus"],
            check=True,
        )
        return f"postgres://httpstatus@127.0.0.1:{port}/httpstatus"

    def redis(self, port):
        process = self.start(
            "redis",
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.workdir), "--loglevel", "warning"],
            stdout=subprocess.DEVNULL,
        )

        def ready():
            ping = ["redis-cli", "-p", str(port), "ping"]
            return subprocess.run(ping, capture_output=True, text=True).stdout.strip() == "PONG"

        wait_for("Redis", ready, process)
        return f"redis://127.0.0.1:{port}/0"

    def varnish(self, app_ports):
        backends = [
            f'backend app{index} {{ .host = "127.0.0.1"; .port = "{port}";\n'
            '  .probe = { .url = "/robots.txt"; .interval = 1s; .timeout = 2s;'
            " .window = 3; .threshold = 2; } }"
            for index, port in enumerate(app_ports, 1)
        ]
        init = "\n".join(f"    app.add_backend(app{i});" for i in range(1, len(app_ports) + 1))
        (self.workdir / "backends.vcl").write_text(
            "import directors;\n"
            + "\n".join(backends)
            + f"\nsub vcl_init {{\n    new app = directors.round_robin();\n{init}\n}}\n"
        )
        shutil.copy(BASE_DIR / "scripts" / "varnish.vcl", self.workdir / "default.vcl")
        process = self.start(
            "varnish",
            ["varnishd", "-F", "-j", "none", "-n", str(self.workdir / "varnish")]
            + [
                "-a",
                f"{self.host}:{self.port}",
                "-T",
                "none",
                "-f",
                str(self.workdir / "default.vcl"),
            ]
            + ["-p", f"vcl_path={self.workdir}:/usr/share/varnish/vcl", "-s", "malloc,256m"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for("Varnish", lambda: http_ok(f"http://{self.host}:{self.port}/"), process)

    def run(self):
        database_url = self.postgresql(self.port + 4)
        cache_url = self.redis(self.port + 3)
        env = {
            **os.environ,
            "DJANGO_ENV_FILE": os.devnull,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": f"{self.host},127.0.0.1,localhost",
            "DJANGO_CSRF_TRUSTED_ORIGINS": f"http://{self.host}:{self.port}",
            "DATABASE_URL": database_url,
            "CACHE_URL": cache_url,
        }
        for command in (
            ["migrate", "--no-input", "--verbosity", "0"],
            ["create_editor_group"],
            ["load_content"],
            ["collectstatic", "--no-input", "--verbosity", "0"],
        ):
            subprocess.run(
                [BIN / "python", "manage.py", *command], cwd=BASE_DIR, env=env, check=True
            )
        if env.get("DJANGO_SUPERUSER_USERNAME") and env.get("DJANGO_SUPERUSER_PASSWORD"):
            subprocess.run(
                [BIN / "python", "manage.py", "createsuperuser", "--no-input", "--email", ""],
                cwd=BASE_DIR,
                env=env,
                check=True,
            )
        # Varnish holds nothing yet while the content loads: purges start with the app servers.
        env["DJANGO_PURGE_URLS"] = f"PURGE http://127.0.0.1:{self.port}/"
        app_ports = [self.port + 1, self.port + 2]
        for port in app_ports:
            process = self.start(
                f"app server on {port}", app_server(port, self.workers), cwd=BASE_DIR, env=env
            )
            wait_for(
                f"The app server on {port}",
                lambda p=port: http_ok(f"http://127.0.0.1:{p}/"),
                process,
            )
        self.varnish(app_ports)
        print(
            f"Stack ready: http://{self.host}:{self.port}/ (Varnish) -> app servers on "
            f"{', '.join(map(str, app_ports))} -> PostgreSQL on {self.port + 4}, Redis on "
            f"{self.port + 3}. Ctrl-C stops everything.",
            flush=True,
        )
        while all(process.poll() is None for _, process in self.processes):
            time.sleep(0.5)
        stopped = [name for name, process in self.processes if process.poll() is not None]
        sys.exit(f"{', '.join(stopped)} stopped; stopping the rest")


def main():
    install_missing()
    stack = Stack(
        os.environ.get("HOST", "127.0.0.1"),
        int(os.environ.get("PORT", "8000")),
        int(os.environ.get("WORKERS", "1")),
    )

    def terminate(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    try:
        stack.run()
    except KeyboardInterrupt:
        pass
    finally:
        print("Stopping the stack", flush=True)
        stack.stop()


if __name__ == "__main__":
    main()
