"""Benchmark the production server: `make bench`.

Starts gunicorn as `make serve` does (DEBUG off, hashed static files, a cache shared by the
workers) on a free port of 127.0.0.1, against a throwaway SQLite database loaded with the
content fixtures. Then, in one run, wrk drives the home page, a class page, a detail page and
the stylesheet, one after the other with the same settings, in several rounds so that a burst of
other work on the machine does not decide the result; each figure is the median of the rounds.
It prints requests per second, p50 and p99 latency, each page's figures as ratios of the
stylesheet's, gunicorn's memory before and after at least 20,000 requests, and the compressed
bytes of HTML and CSS per page.
"""

import gzip
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))

WORKERS = int(os.environ.get("WORKERS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "32"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
MEMORY_REQUESTS = 20_000

# Targets from issue 5, as ratios to the static file measured in the same run.
MIN_THROUGHPUT_RATIO = 0.6
MAX_P99_RATIO = 2.0
MAX_MEMORY_GROWTH = 0.05
MAX_PAGE_BYTES = {"home": 40_000, "detail": 20_000}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read(), response.headers


def wait_until_up(url, server, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("gunicorn exited before it served a request")
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"gunicorn did not answer {url} within {seconds} s")


def process_tree(pid):
    """The master and its workers."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *map(int, children)]


def rss_mib(pid):
    total_kib = 0
    for process in process_tree(pid):
        status = Path(f"/proc/{process}/status").read_text()
        total_kib += int(re.search(r"VmRSS:\s+(\d+) kB", status)[1])
    return total_kib / 1024


def to_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]


def wrk(url, seconds):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url]
    output = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 30
    ).stdout
    if "Requests/sec" not in output or "50%" not in output:
        sys.exit(f"wrk gave no figures for {url}:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)[1]),
        "p99": to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)[1]),
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "errors": int(errors[1]) if errors else 0,
    }


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `make bench` installs Debian's package (as root).")
    workdir = Path(tempfile.mkdtemp(prefix="httpstatus-bench-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_ENV_FILE": os.devnull,
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "CACHE_URL": f"filecache://{workdir / 'cache'}",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
    manage("migrate", "--no-input", "--verbosity", "0", env=env)
    manage("load_content", env=env)
    manage("collectstatic", "--no-input", "--verbosity", "0", env=env)

    server = subprocess.Popen(
        [GUNICORN, "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(WORKERS)],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(base + "/", server)
        run(base, server)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)


def run(base, server):
    home_html, _ = fetch(base + "/")
    stylesheet = re.search(rb'<link rel="stylesheet" href="([^"]+)"', home_html)[1].decode()
    detail = re.search(rb'href="(/\d{3}/)"', home_html)
    detail = "/404/" if b'href="/404/"' in home_html else detail[1].decode()
    urls = {
        "home": "/",
        "class": "/4xx/",
        "detail": detail,
        "static CSS": stylesheet,
    }

    # Warm every worker (templates compiled, pages cached) before the first memory reading.
    for path in urls.values():
        wrk(base + path, 1)
    memory_before = rss_mib(server.pid)

    rounds = {name: [] for name in urls}
    memory_by_round = []
    for _ in range(ROUNDS):
        for name, path in urls.items():
            rounds[name].append(wrk(base + path, SECONDS))
        memory_by_round.append(rss_mib(server.pid))
    served = sum(run["requests"] for runs in rounds.values() for run in runs)
    while served < MEMORY_REQUESTS:
        served += wrk(base + urls["detail"], 2)["requests"]
    memory_after = rss_mib(server.pid)

    # Ratios are taken within each round (the page and the CSS file a few seconds apart), then
    # the median over the rounds.
    static_runs = rounds["static CSS"]
    print(
        f"\n{WORKERS} gunicorn workers; wrk -t2 -c{CONNECTIONS} -d{SECONDS}s per URL, "
        f"{ROUNDS} rounds; medians over the rounds\n"
    )
    print(
        "| URL | path | req/s | p50 ms | p99 ms | req/s vs CSS | p99 vs CSS | errors "
        "| req/s in each round |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    misses = []
    for name, runs in rounds.items():
        median = {key: statistics.median(run[key] for run in runs) for key in ("rps", "p50", "p99")}
        pairs = list(zip(runs, static_runs, strict=True))
        throughput = statistics.median(run["rps"] / css["rps"] for run, css in pairs)
        p99 = statistics.median(run["p99"] / css["p99"] for run, css in pairs)
        errors = sum(run["errors"] for run in runs)
        if name != "static CSS":
            if throughput < MIN_THROUGHPUT_RATIO:
                misses.append(f"{name}: {throughput:.0%} of the CSS file's req/s")
            if p99 > MAX_P99_RATIO:
                misses.append(f"{name}: p99 {p99:.1f}x the CSS file's")
        if errors:
            misses.append(f"{name}: {errors} error responses")
        each = " / ".join(f"{run['rps']:.0f}" for run in runs)
        print(
            f"| {name} | `{urls[name]}` | {median['rps']:.0f} | {median['p50']:.2f} "
            f"| {median['p99']:.2f} | {throughput:.0%} | {p99:.2f}x | {errors} | {each} |"
        )

    growth = memory_after / memory_before - 1
    print(
        f"\nMemory (RSS of master + {WORKERS} workers): {memory_before:.1f} MiB before, "
        f"{memory_after:.1f} MiB after {served:,} requests ({growth:+.1%}); after each round: "
        + " / ".join(f"{mib:.1f}" for mib in memory_by_round)
    )
    if growth > MAX_MEMORY_GROWTH:
        misses.append(f"memory grew {growth:+.1%}")

    # WhiteNoise sends its own gzip copy of the CSS; the HTML is measured as a front proxy or
    # CDN would send it, gzip level 6 (gunicorn itself sends it as is: the raw column).
    css, headers = fetch(base + stylesheet, {"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] == "gzip"
    print("\n| page | HTML raw bytes | HTML gzip bytes | + CSS gzip bytes | total | budget |")
    print("|---|---:|---:|---:|---:|---:|")
    for name in ("home", "class", "detail"):
        html, _ = fetch(base + urls[name])
        html_bytes = len(gzip.compress(html, compresslevel=6))
        total = html_bytes + len(css)
        budget = MAX_PAGE_BYTES.get(name)
        if budget and total >= budget:
            misses.append(f"{name}: {total:,} compressed bytes")
        print(
            f"| {name} | {len(html):,} | {html_bytes:,} | {len(css):,} | {total:,} "
            f"| {f'< {budget:,}' if budget else '-'} |"
        )

    print("\nTargets: " + ("all met." if not misses else "missed: " + "; ".join(misses)))


if __name__ == "__main__":
    main()
