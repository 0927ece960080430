"""Benchmark an uncached page render, in process: `make bench` runs it after the server benchmark.

Against a throwaway SQLite database loaded with the content fixtures, each page is requested
through Django's test client with the page cache switched off (scripts/bench_uncached_settings.py),
so every request runs the middleware, the view's queries, the templates and the compression of
the stored variants, as a miss does on the app server. Figures are the least CPU time of this
process over RUNS requests (other work on the machine only ever adds to it).

The templates' share is given apart, and so is the compression of the page's variants.

Then the templates of the code page are rendered again with every template node timed, and the
parts that cost the most CPU of their own (children excluded) are listed: a template, a block, an
``{% include %}``, a variable with its filters (``|markdown``), a tag. Timing each node adds its
own overhead, so those figures are shares, not absolute costs.

Exits non-zero when the code page takes 10 ms of CPU or more (the target of issue 25).
"""

import os
import secrets
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from in_process import least_cpu_seconds

BASE_DIR = Path(__file__).resolve().parent.parent
WORKDIR = Path(tempfile.mkdtemp(prefix="httpstatus-render-"))
sys.path[:0] = [str(BASE_DIR), str(BASE_DIR / "scripts")]
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "bench_uncached_settings",
        "DJANGO_ENV_FILE": os.devnull,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{WORKDIR / 'render.sqlite3'}",
        "CACHE_URL": f"filecache://{WORKDIR / 'cache'}",
        "DJANGO_LOG_LEVEL": "ERROR",
    }
)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.template import base as template_base  # noqa: E402
from django.template.backends import django as django_backend  # noqa: E402
from django.test import Client  # noqa: E402

from statuses.caching import encodings  # noqa: E402

PAGES = ["/404/", "/en/404/", "/429/", "/4xx/", "/", "/api/statuses/404/"]
CODE_PAGE = "/404/"
RUNS = 30
MAX_CODE_PAGE_MS = 10.0
TOP_PARTS = 12


def least_cpu_ms(action):
    return least_cpu_seconds(action, RUNS) * 1000


class TemplateTimer:
    """The least CPU time of one page's templates (one timer around the whole render)."""

    def __enter__(self):
        self.least_ms = float("inf")
        render = self.original = django_backend.Template.render

        def timed(template, *args, **kwargs):
            start = time.process_time_ns()
            try:
                return render(template, *args, **kwargs)
            finally:
                self.least_ms = min(self.least_ms, (time.process_time_ns() - start) / 1e6)

        django_backend.Template.render = timed
        return self

    def __exit__(self, *exc):
        django_backend.Template.render = self.original


class NodeTimer:
    """Every template node's render timed, its children's time taken out of its own."""

    def __init__(self):
        self.own = defaultdict(int)
        self.stack = []

    def __enter__(self):
        timer, render_annotated = self, template_base.Node.render_annotated

        def timed(node, context):
            start = time.process_time_ns()
            timer.stack.append(0)
            try:
                return render_annotated(node, context)
            finally:
                spent = time.process_time_ns() - start
                children = timer.stack.pop()
                timer.own[part_name(node)] += spent - children
                if timer.stack:
                    timer.stack[-1] += spent

        self.original = render_annotated
        template_base.Node.render_annotated = timed
        return self

    def __exit__(self, *exc):
        template_base.Node.render_annotated = self.original


def part_name(node):
    origin = getattr(node, "origin", None)
    where = origin.template_name if origin else "?"
    kind = type(node).__name__
    if kind == "VariableNode":
        return f"{{{{ {node.filter_expression.token} }}}} in {where}"
    if kind == "BlockNode":
        return f"{{% block {node.name} %}} in {where}"
    if kind == "IncludeNode":
        return f"{{% include {node.template.token} %}} in {where}"
    if kind == "TextNode":
        return f"text in {where}"
    token = getattr(node, "token", None)
    return f"{kind} ({token.contents.split()[0] if token else '?'}) in {where}"


def main():
    call_command("migrate", verbosity=0)
    call_command("load_content", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client(HTTP_HOST="127.0.0.1")
    for path in PAGES:
        assert client.get(path).status_code == 200, path

    print(f"\nUncached requests in process, least CPU time of {RUNS} (page cache off):\n")
    print("| page | bytes | request ms | of which templates ms | of which compression ms |")
    print("|---|---:|---:|---:|---:|")
    code_page_ms = None
    for path in PAGES:
        body = client.get(path).content
        with TemplateTimer() as templates:
            request_ms = least_cpu_ms(lambda p=path: client.get(p))
        compression_ms = least_cpu_ms(lambda b=body: encodings.compressed_variants(b))
        template_ms = "—" if templates.least_ms == float("inf") else f"{templates.least_ms:.2f}"
        print(
            f"| `{path}` | {len(body):,} | {request_ms:.2f} | {template_ms} "
            f"| {compression_ms:.2f} |"
        )
        if path == CODE_PAGE:
            code_page_ms = request_ms

    with NodeTimer() as timer:
        for _ in range(RUNS):
            client.get(CODE_PAGE)
    total = sum(timer.own.values())
    print(f"\nSlowest template parts of `{CODE_PAGE}` (own CPU time, children excluded):\n")
    print("| part | ms per render | share of template time |")
    print("|---|---:|---:|")
    for name, spent in sorted(timer.own.items(), key=lambda item: -item[1])[:TOP_PARTS]:
        print(f"| `{name}` | {spent / RUNS / 1e6:.3f} | {spent / total:.0%} |")
    print(f"| all template nodes | {total / RUNS / 1e6:.3f} | 100% |")

    verdict = "met" if code_page_ms < MAX_CODE_PAGE_MS else "MISSED"
    print(
        f"\nTarget (a code page under {MAX_CODE_PAGE_MS:.0f} ms of CPU): {verdict}, "
        f"{code_page_ms:.2f} ms."
    )
    return 0 if code_page_ms < MAX_CODE_PAGE_MS else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    finally:
        import shutil

        shutil.rmtree(WORKDIR, ignore_errors=True)
