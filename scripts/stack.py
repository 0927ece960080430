"""The production topology on one machine: `make stack`.

    reader -> Varnish (HOST:PORT) -> two app servers (PORT+1, PORT+2) -> PostgreSQL (PORT+4)
                 ^ purge by tag                 \\-> Redis, the shared cache (PORT+3)

Installs Debian's varnish, varnish-modules, redis-server and postgresql when they are missing (as
root), starts a throwaway PostgreSQL cluster and a Redis server of its own, loads the content
fixtures, starts two app servers as `make serve` would and Varnish in front of them, and stops all
of them together on Ctrl-C, SIGTERM or a closed terminal. Every port is checked before anything
starts. Each part ends when this process ends, however it ends (a kill -9 included: a parent-death
signal, scripts/servers.py), so a second run, or one after a killed one, just works. Nothing is
kept: each run starts from the fixtures (export edits with `make export` against a lasting
database instead).

DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD, when set, create an admin account.
"""

import os
import secrets
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from servers import (
    BASE_DIR,
    BIN,
    Children,
    Failed,
    Stop,
    answers,
    app_servers,
    end_with_parent,
    ports_free,
    stop_on_signals,
    wait_until,
    workdir,
)

PACKAGES = {
    "varnishd": ("/usr/sbin/varnishd", "varnish"),
    "xkey": ("/usr/lib/x86_64-linux-gnu/varnish/vmods/libvmod_xkey.so", "varnish-modules"),
    "redis-server": ("/usr/bin/redis-server", "redis-server"),
    "postgres": ("/usr/lib/postgresql", "postgresql"),
}


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


def ports(port):
    """Every port the stack listens on, and what listens there."""
    names = ["Varnish", "the first app server", "the second app server", "Redis", "PostgreSQL"]
    return {port + offset: name for offset, name in enumerate(names)}


class Stack:
    def __init__(self, host, port, workers):
        self.host, self.port, self.workers = host, port, workers
        self.children = Children()
        self.workdir = workdir("httpstatus-stack-")

    def start(self, name, command, **kwargs):
        return self.children.start(name, command, **kwargs)

    def stop(self):
        self.children.stop()
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
        self.children.run(
            [bin_dir / "initdb", "-D", data, "-U", "httpstatus", "--auth=trust"],
            stdout=subprocess.DEVNULL,
            **owner,
        )
        # SIGINT: PostgreSQL's fast shutdown (SIGTERM would wait for every client to leave).
        process = self.start(
            "postgresql",
            [bin_dir / "postgres", "-D", data, "-p", str(port), "-k", data]
            + ["-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"],
            stop_signal=signal.SIGINT,
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

        wait_until("PostgreSQL", ready, process)
        self.children.run(
            [bin_dir / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "httpstatus"]
            + ["httpstatus"]
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

        wait_until("Redis", ready, process)
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
        wait_until("Varnish", lambda: answers(f"http://{self.host}:{self.port}/"), process)

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
        # Migrate, the editor group, the content, static files: one process, one line a step.
        self.children.run(
            [BIN / "python", "manage.py", "prepare_site", "migrate", "group", "content", "static"],
            cwd=BASE_DIR,
            env=env,
        )
        if env.get("DJANGO_SUPERUSER_USERNAME") and env.get("DJANGO_SUPERUSER_PASSWORD"):
            self.children.run(
                [BIN / "python", "manage.py", "createsuperuser", "--no-input", "--email", ""],
                cwd=BASE_DIR,
                env=env,
            )
        # Varnish holds nothing yet while the content loads: purges start with the app servers.
        env["DJANGO_PURGE_URLS"] = f"PURGE http://127.0.0.1:{self.port}/"
        app_ports = [self.port + 1, self.port + 2]
        app_servers(self.children, app_ports, self.workers, env)  # both load at once
        self.varnish(app_ports)
        print(
            f"Stack ready: http://{self.host}:{self.port}/ (Varnish) -> app servers on "
            f"{', '.join(map(str, app_ports))} -> PostgreSQL on {self.port + 4}, Redis on "
            f"{self.port + 3}. Ctrl-C stops everything.",
            flush=True,
        )
        stopped = self.children.first_exit()
        raise Failed(f"{stopped} stopped; stopping the rest")


def main():
    # First, so that a Ctrl-C at any moment stops the stack (a job started in the background
    # inherits SIGINT ignored), and so that the stack ends with make.
    stop_on_signals()
    end_with_parent()
    stack, status = None, 0
    try:
        host, port = os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "8000"))
        ports_free(host, ports(port), "choose other ports: make stack PORT=9000 (PORT to PORT+4)")
        install_missing()
        stack = Stack(host, port, int(os.environ.get("WORKERS", "1")))
        stack.run()
    except Stop:
        pass
    except Failed as error:
        print(f"!! {error}", file=sys.stderr)
        status = 1
    except subprocess.CalledProcessError as error:
        step = " ".join(Path(str(part)).name for part in error.cmd[:3])
        print(f"!! {step} failed with status {error.returncode}", file=sys.stderr)
        status = 1
    finally:
        if stack is not None:
            print("Stopping the stack", flush=True)
            stack.stop()
    sys.exit(status)


if __name__ == "__main__":
    main()
