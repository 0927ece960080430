"""Benchmark every layer against the physical limit, side by side in one run: `make bench`.

On 127.0.0.1, against a throwaway SQLite database loaded with the content fixtures:

- static: nginx serving the bytes of the detail page as a file (the limit of this machine);
- Varnish: the same page through Varnish (scripts/varnish.vcl) in front of the origin, a hit;
- origin, cached: the production app server (Granian, WORKERS workers, as `make serve`), the page
  from its page cache;
- origin, uncached: the same server with the page cache switched off, so every request renders
  the page from the database.

The first three again with `Accept-Encoding: br` (nginx serving the origin's Brotli bytes as a
file with `Content-Encoding: br`): the compressed variant is made once and served as stored.

For each, wrk runs for BENCH_SECONDS at 1, 4, 16 and 64 connections, one layer after the other at
each connection count (so the layers compared share the machine's state), and the table gives
requests/s, p50 and p99 with each as a ratio to the static file's at that count. The origin's
memory (RSS of Granian's processes) is read before and after. Targets: through Varnish at least
0.8 of the static rate and a p99 at most 1.5 times the static file's (issue 14); the origin's
cached page at least 0.25 of it and a p99 at most 3 times, at 16 connections and more (issue 25).
"""

import os
import re
import secrets
import subprocess
import sys
import urllib.request
from pathlib import Path

from servers import (
    BASE_DIR,
    BIN,
    Failed,
    Stop,
    answers,
    app_servers,
    end_with_parent,
    nginx_conf,
    ports_free,
    stop_on_signals,
    wait_until,
)
from stack import Stack, install_missing

WORKERS = int(os.environ.get("WORKERS", "2"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
CONNECTIONS = [int(c) for c in os.environ.get("BENCH_CONNECTIONS", "1,4,16,64").split(",")]
PAGE = "/404/"
# The ports of this benchmark: nginx, Varnish, origin, origin without its page cache.
PORT = int(os.environ.get("BENCH_PORT", "8490"))

MIN_VARNISH_RATIO = 0.8
MAX_VARNISH_P99_RATIO = 1.5
MIN_ORIGIN_RATIO = 0.25
MAX_ORIGIN_P99_RATIO = 3.0
ORIGIN_TARGETS_FROM = 16  # connections
BROTLI = {"Accept-Encoding": "br"}

# The page as a file, and its Brotli variant under /br/, as the origin would send them.
NGINX_SITE = """
        root {workdir}/static-site;
        default_type text/html;
        location / {{ try_files $uri $uri/index.html =404; }}
        location /br/ {{
            add_header Content-Encoding br;
            add_header Vary Accept-Encoding;
            try_files $uri $uri/index.html =404;
        }}
"""


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read(), response.headers


def rss_mib(pid):
    """RSS of a process and all its descendants."""
    pids, total_kib = [pid], 0
    while pids:
        current = pids.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except FileNotFoundError:
            continue
        total_kib += int(re.search(r"VmRSS:\s+(\d+) kB", status)[1])
        pids.extend(map(int, children))
    return total_kib / 1024


def to_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def wrk(url, connections, seconds, headers=None):
    threads = min(2, connections)
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    if "Requests/sec" not in output or "50%" not in output:
        sys.exit(f"wrk gave no figures for {url}:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)[1]),
        "p99": to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)[1]),
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "errors": (int(errors[1]) if errors else 0),
        # wrk gives up on a request after 2 s and leaves it out of the latencies.
        "timeouts": int(re.search(r"timeout (\d+)", socket_errors[1])[1]) if socket_errors else 0,
    }


class Bench(Stack):
    def origin(self, port, env):
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        origin = app_servers(self.children, [port], WORKERS, env, name="origin", path=PAGE, **quiet)
        return origin[port]

    def nginx(self, port, page_bytes, brotli_bytes):
        # nginx's workers drop root: they must be able to read the file.
        self.workdir.chmod(0o755)
        for folder, content in (("", page_bytes), ("br", brotli_bytes)):
            site = self.workdir / "static-site" / folder / PAGE.strip("/")
            site.mkdir(parents=True)
            (site / "index.html").write_bytes(content)
        conf = self.workdir / "nginx.conf"
        conf.write_text(
            nginx_conf(
                self.workdir, port, NGINX_SITE.format(workdir=self.workdir), one_process=False
            )
        )
        process = self.start(
            "nginx", ["nginx", "-c", str(conf), "-p", str(self.workdir)], stderr=subprocess.DEVNULL
        )
        wait_until("nginx", lambda: answers(f"http://127.0.0.1:{port}{PAGE}"), process)

    def run(self):
        env = {
            **os.environ,
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_ENV_FILE": os.devnull,
            "DATABASE_URL": f"sqlite:///{self.workdir / 'bench.sqlite3'}",
            "CACHE_URL": f"filecache://{self.workdir / 'cache'}",
            "DJANGO_LOG_LEVEL": "ERROR",
        }
        for command in (
            ["migrate", "--no-input"],
            ["load_content"],
            ["collectstatic", "--no-input"],
        ):
            self.children.run(
                [BIN / "python", "manage.py", *command, "--verbosity", "0"],
                cwd=BASE_DIR,
                env=env,
                stdout=subprocess.DEVNULL,
            )
        static_port, varnish_port, origin_port, uncached_port = PORT, PORT + 1, PORT + 2, PORT + 3
        origin = self.origin(origin_port, env)
        uncached_env = {
            **env,
            "DJANGO_SETTINGS_MODULE": "bench_uncached_settings",
            "PYTHONPATH": str(BASE_DIR / "scripts"),
        }
        self.origin(uncached_port, uncached_env)
        page_bytes, _ = fetch(f"http://127.0.0.1:{origin_port}{PAGE}")
        brotli_bytes, _ = fetch(f"http://127.0.0.1:{origin_port}{PAGE}", BROTLI)
        self.nginx(static_port, page_bytes, brotli_bytes)
        self.port = varnish_port
        self.varnish([origin_port])

        # name: (port, path, request headers, the static file's row it is compared with)
        static, static_br = "static file (nginx)", "static file (nginx), Brotli"
        layers = {
            static: (static_port, PAGE, {}, static),
            "through Varnish": (varnish_port, PAGE, {}, static),
            "origin, cached page": (origin_port, PAGE, {}, static),
            "origin, uncached render": (uncached_port, PAGE, {}, static),
            static_br: (static_port, f"/br{PAGE}", BROTLI, static_br),
            "through Varnish, Brotli": (varnish_port, PAGE, BROTLI, static_br),
            "origin, cached page, Brotli": (origin_port, PAGE, BROTLI, static_br),
        }
        # The same bytes everywhere (the page's absolute links name the port asked, all of four
        # digits).
        for name, (port, path, headers, _) in layers.items():
            body, _ = fetch(f"http://127.0.0.1:{port}{path}", headers)
            expected = brotli_bytes if headers else page_bytes
            if len(body) != len(expected):
                sys.exit(f"{name} served {len(body)} bytes, the origin {len(expected)}")
        for port, path, headers, _ in layers.values():
            wrk(f"http://127.0.0.1:{port}{path}", 16, 1, headers)  # warm every worker and cache
        memory_before = rss_mib(origin.pid)
        load_before = os.getloadavg()[0]

        results = {}
        for connections in CONNECTIONS:
            for name, (port, path, headers, _) in layers.items():
                url = f"http://127.0.0.1:{port}{path}"
                results[name, connections] = wrk(url, connections, SECONDS, headers)
        served = sum(r["requests"] for (name, _), r in results.items() if "origin, c" in name)
        memory_after = rss_mib(origin.pid)
        hit = fetch(f"http://127.0.0.1:{varnish_port}{PAGE}")[1]
        self.report(
            results,
            layers,
            memory_before,
            memory_after,
            served,
            load_before,
            (len(page_bytes), len(brotli_bytes)),
            hit,
        )

    def report(self, results, layers, memory_before, memory_after, served, load, sizes, hit):
        print(
            f"\n`{PAGE}` ({sizes[0]:,} bytes, {sizes[1]:,} in Brotli) on 127.0.0.1; wrk -t2 "
            f"(-t1 at 1 connection), "
            f"{SECONDS} s per cell; origin: Granian, {WORKERS} WSGI workers; load average "
            f"{load:.1f} before the run, {os.getloadavg()[0]:.1f} after\n"
        )
        print("| layer | connections | req/s | p50 ms | p99 ms | req/s vs static | p99 vs static |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        misses = []
        for connections in CONNECTIONS:
            for name, (*_, baseline) in layers.items():
                static = results[baseline, connections]
                result = results[name, connections]
                rate = result["rps"] / static["rps"]
                p99 = result["p99"] / static["p99"] if static["p99"] else float("inf")
                errors = result["errors"]
                note = f" ({errors} errors)" if errors else ""
                if result["timeouts"]:
                    note += f" ({result['timeouts']} timed out after 2 s)"
                print(
                    f"| {name}{note} | {connections} | {result['rps']:,.0f} | {result['p50']:.2f} "
                    f"| {result['p99']:.2f} | {rate:.2f} | {p99:.2f}x |"
                )
                if result["timeouts"] and not name.startswith("origin, uncached"):
                    misses.append(f"{name} at {connections}: {result['timeouts']} timeouts")
                if errors:
                    misses.append(f"{name} at {connections}: {errors} error responses")
                if name.startswith("through Varnish"):
                    targets = MIN_VARNISH_RATIO, MAX_VARNISH_P99_RATIO
                elif name.startswith("origin, cached") and connections >= ORIGIN_TARGETS_FROM:
                    targets = MIN_ORIGIN_RATIO, MAX_ORIGIN_P99_RATIO
                else:
                    continue
                if rate < targets[0]:
                    misses.append(f"{name} at {connections}: {rate:.2f} of the static rate")
                if p99 > targets[1]:
                    misses.append(f"{name} at {connections}: p99 {p99:.2f}x the static file's")
        growth = memory_after / memory_before - 1
        print(
            f"\nOrigin memory (RSS of Granian's processes): {memory_before:.1f} MiB before, "
            f"{memory_after:.1f} MiB after {served:,} cached-page requests ({growth:+.1%})."
        )
        print(f"A repeated page through Varnish: X-Cache {hit['X-Cache']}, Age {hit['Age']}.")
        print(
            f"\nTargets (through Varnish >= {MIN_VARNISH_RATIO} of the static rate, p99 <= "
            f"{MAX_VARNISH_P99_RATIO}x; the origin's cached page >= {MIN_ORIGIN_RATIO}, p99 <= "
            f"{MAX_ORIGIN_P99_RATIO}x from {ORIGIN_TARGETS_FROM} connections): "
            + ("all met." if not misses else "; ".join(misses))
        )


def main():
    stop_on_signals()
    end_with_parent()
    names = ["nginx", "Varnish", "the origin", "the uncached origin"]
    bench = None
    try:
        ports_free(
            "127.0.0.1",
            {PORT + offset: name for offset, name in enumerate(names)},
            "choose other ports: make bench BENCH_PORT=9490 (BENCH_PORT to BENCH_PORT+3)",
        )
        install_missing(
            extra={"nginx": ("/usr/sbin/nginx", "nginx-light"), "wrk": ("/usr/bin/wrk", "wrk")}
        )
        bench = Bench("127.0.0.1", PORT + 1, WORKERS)
        bench.run()
    except Stop:
        sys.exit(1)
    except Failed as error:
        sys.exit(f"!! {error}")
    finally:
        if bench is not None:
            bench.stop()


if __name__ == "__main__":
    main()
