from django.core.management.base import BaseCommand

from statuses.content.loader import export_content


class Command(BaseCommand):
    help = "Write the content in the database back to the fixture files (stable, sorted, UTF-8)."

    def add_arguments(self, parser):
        parser.add_argument("--directory", help="Fixture directory (default: fixtures/).")

    def handle(self, *args, directory=None, **options):
        changed = export_content(directory)
        if not changed:
            self.stdout.write("Fixtures already match the database.")
        for path in changed:
            self.stdout.write(f"Wrote {path}")
