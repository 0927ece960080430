"""Worker memory under cache-busting traffic: part of `make bench`.

Starts Granian as `make serve` does (DEBUG off, hashed static files, the workers sharing a file
cache) on 127.0.0.1 (port BENCH_MEMORY_PORT, default 8291), against a throwaway SQLite database
loaded with the content fixtures, and reads the workers' memory (RSS from /proc) every 1,000
requests, in two runs:

1. 10,000 requests (BENCH_MEMORY_REQUESTS) to pages and the API with random query parameters
   the views do not read (``?cb=<random>``, ``?utm_source=<random>``...). Each page has one cache
   entry whatever its query string, so memory must stay flat.
2. 3,000 searches for random words, each a page of its own, against a page cache bounded to
   2 MiB per worker (DJANGO_PAGE_CACHE_MIB=2): memory rises until the bound is reached, then
   stays flat as the oldest pages are evicted.

Every request goes to 127.0.0.1 only, four at a time.
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from servers import (
    BASE_DIR,
    Children,
    Failed,
    Stop,
    app_servers,
    end_with_parent,
    ports_free,
    stop_on_signals,
    workdir,
)

PYTHON = sys.executable

WORKERS = int(os.environ.get("WORKERS", "3"))
PORT = int(os.environ.get("BENCH_MEMORY_PORT", "8291"))
REQUESTS = int(os.environ.get("BENCH_MEMORY_REQUESTS", "10000"))
SEARCHES = int(os.environ.get("BENCH_MEMORY_SEARCHES", "3000"))
READING_EVERY = 1_000
CONCURRENCY = 4
# Flat: after the first 1,000 requests (every page rendered once per worker), the workers grow
# by at most this much.
MAX_GROWTH = 0.05

BUSTING_URLS = [
    "/api/statuses/?cb={token}",
    "/404/?cb={token}",
    "/?utm_source={token}",
    "/en/4xx/?{token}={token}",
    "/api/statuses/404/?lang=en&cb={token}",
    "/search/?q=found&page={token}",
]


def manage(children, *args, env):
    children.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env)


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def workers_rss_mib(master):
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    total_kib = 0
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        total_kib += int(re.search(r"VmRSS:\s+(\d+) kB", status)[1])
    return total_kib / 1024


def start_server(children, env):
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    return app_servers(children, [PORT], WORKERS, env, path="/robots.txt", **quiet)[PORT]


def drive(server, paths, title):
    """Request the paths, reading memory every READING_EVERY requests; return the readings."""
    base = f"http://127.0.0.1:{PORT}"
    readings = [(0, workers_rss_mib(server.pid))]
    statuses = {}
    started = time.monotonic()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        for start in range(0, len(paths), READING_EVERY):
            batch = [base + path for path in paths[start : start + READING_EVERY]]
            for status in pool.map(get, batch):
                statuses[status] = statuses.get(status, 0) + 1
            readings.append((start + len(batch), workers_rss_mib(server.pid)))
    seconds = time.monotonic() - started
    print(f"\n{title}: {len(paths):,} requests in {seconds:.0f} s, statuses {statuses}")
    print("| requests | RSS of the workers, MiB |")
    print("|---:|---:|")
    for count, mib in readings:
        print(f"| {count:,} | {mib:.1f} |")
    return readings


def main():
    stop_on_signals()
    end_with_parent()
    try:
        ports_free("127.0.0.1", {PORT: "Granian"}, "choose another: BENCH_MEMORY_PORT=9291")
        measure()
    except Stop:
        sys.exit(1)
    except Failed as error:
        sys.exit(f"!! {error}")


def measure():
    folder = workdir("httpstatus-bench-memory-")
    children = Children()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SITE_URL": f"http://127.0.0.1:{PORT}",
        "DJANGO_ENV_FILE": os.devnull,
        "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
        "CACHE_URL": f"filecache://{folder / 'cache'}",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    misses = []
    try:
        manage(children, "migrate", "--no-input", "--verbosity", "0", env=env)
        manage(children, "load_content", env=env)
        manage(children, "collectstatic", "--no-input", "--verbosity", "0", env=env)

        server = start_server(children, env)
        try:
            paths = [
                BUSTING_URLS[n % len(BUSTING_URLS)].format(token=secrets.token_hex(8))
                for n in range(REQUESTS)
            ]
            readings = drive(server, paths, "Random query parameters the views do not read")
        finally:
            children.stop()
        warm = readings[1][1]
        growth = max(mib for _, mib in readings[1:]) / warm - 1
        print(f"Growth after the first {READING_EVERY:,} requests: {growth:+.1%}")
        if growth > MAX_GROWTH:
            misses.append(f"memory grew {growth:+.1%} under random query parameters")

        server = start_server(children, {**env, "DJANGO_PAGE_CACHE_MIB": "2"})
        try:
            paths = [f"/search/?q={secrets.token_hex(6)}" for _ in range(SEARCHES)]
            readings = drive(server, paths, "Random searches, page cache bounded to 2 MiB")
        finally:
            children.stop()
        last = [mib for _, mib in readings[-3:]]
        spread = max(last) / min(last) - 1
        print(f"Spread of the last three readings: {spread:+.1%}")
        if spread > MAX_GROWTH:
            misses.append(f"memory still grew {spread:+.1%} at the end of the searches")
    finally:
        children.stop()
        shutil.rmtree(folder, ignore_errors=True)

    print("\nMemory targets: " + ("all met." if not misses else "missed: " + "; ".join(misses)))
    if misses:
        sys.exit(1)


if __name__ == "__main__":
    main()
