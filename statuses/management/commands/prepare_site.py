import sys
import threading
import time
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

STEPS = ("migrate", "group", "content", "static")


class Command(BaseCommand):
    help = (
        "Get the site ready in one process, one line per step: migrate, create the editor "
        "group, load the content (keeping admin edits), collect static files. Without "
        "arguments all but the static files; name steps to run only those, in this order."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "steps", nargs="*", help=f"Some of {', '.join(STEPS)} (default: all but static)."
        )

    def handle(self, *args, steps=(), **options):
        if unknown := set(steps) - set(STEPS):
            raise CommandError(f"No step {', '.join(sorted(unknown))}: choose from {STEPS}.")
        steps = set(steps or STEPS[:3])
        again = "then run make again"
        if "migrate" in steps:
            self.step("Migrating the database", f"check DATABASE_URL (.env), {again}", self.migrate)
        if "group" in steps:
            self.step(
                "Creating the editor group",
                "run make again; if it fails again, report the error above",
                lambda progress: call_command("create_editor_group", stdout=StringIO()) or "done",
            )
        if "content" in steps:
            self.step(
                "Loading the content",
                f"fix the fixture the error names, {again}",
                lambda progress: self.output_of("load_content"),
            )
        if "static" in steps:
            self.step(
                "Collecting static files",
                f"see the error above, {again}",
                lambda progress: (
                    "up to date"
                    if static_files_up_to_date()
                    else self.output_of("collectstatic", interactive=False)
                ),
            )

    def step(self, title, advice, work):
        """Run ``work(progress)`` under one line that ticks on a terminal; stop on failure."""
        terminal = self.stdout.isatty()
        state = {"detail": ""}
        done = threading.Event()
        start = time.monotonic()

        def tick():
            while not done.wait(0.25):
                elapsed = f"{state['detail']}{time.monotonic() - start:.0f} s"
                self.stdout.write(f"\r\033[K-> {title} … {elapsed}", ending="")
                self.stdout.flush()

        def progress(detail):
            state["detail"] = f"{detail}, "

        ticker = threading.Thread(target=tick, daemon=True)
        if terminal:
            ticker.start()
        try:
            result = work(progress)
        except Exception as error:  # one clear line, whatever failed
            self.end_line(done, ticker)
            self.stdout.write(f"-> {title}: failed: {error}")
            self.stderr.write(f"!! {title} failed: {advice}")
            sys.exit(1)
        self.end_line(done, ticker)
        self.stdout.write(f"-> {title}: {result} ({time.monotonic() - start:.1f} s)")

    def end_line(self, done, ticker):
        done.set()
        if ticker.is_alive():
            ticker.join()
            self.stdout.write("\r\033[K", ending="")

    def migrate(self, progress):
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        total = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
        if not total:
            return "up to date"
        counter = MigrationCounter(lambda applied: progress(f"{applied}/{total}"))
        call_command("migrate", interactive=False, stdout=counter)
        return f"{counter.applied} migrations applied"

    def output_of(self, command, **options):
        out = StringIO()
        call_command(command, stdout=out, **options)
        lines = [line for line in out.getvalue().splitlines() if line.strip()]
        return "\n   ".join(lines)


def static_files_up_to_date():
    """Whether collectstatic ran after every source file last changed: it hashes and compresses
    every file on each run, the slowest step of a second `make run`."""
    manifest = Path(settings.STATIC_ROOT or "", "staticfiles.json")
    if not settings.STATIC_ROOT or not manifest.exists():
        return False
    collected = manifest.stat().st_mtime
    # A new lock may bring another Django, and with it other admin files.
    sources = [Path(settings.BASE_DIR, "requirements", "runtime.txt")] + [
        Path(storage.path(path))
        for finder in get_finders()
        for path, storage in finder.list(ignore_patterns=[])
    ]
    return all(not source.exists() or source.stat().st_mtime < collected for source in sources)


class MigrationCounter(StringIO):
    """migrate's output, counted as it goes: one "Applying ..." line per migration."""

    def __init__(self, report):
        super().__init__()
        self.applied = 0
        self.report = report

    def write(self, text):
        if text.lstrip().startswith("Applying "):
            self.applied += 1
            self.report(self.applied)
        return super().write(text)
