from django.core.management.base import BaseCommand, CommandError

from statuses.content.loader import ContentError, load_content


class Command(BaseCommand):
    help = (
        "Check every fixture row, then load: create missing rows and update unedited ones. Rows "
        "changed or deleted in the admin since the last load are kept and listed, unless "
        "--overwrite. A bad row refuses the whole load."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", help="Fixture directory (default: fixtures/).")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Replace rows edited or deleted in the admin with the fixture content.",
        )

    def handle(self, *args, directory=None, overwrite=False, **options):
        try:
            report = load_content(directory, overwrite=overwrite)
        except ContentError as error:
            raise CommandError(f"Nothing was loaded. Fix the fixtures:\n{error}") from error
        self.stdout.write(
            f"{len(report.created)} created, {len(report.updated)} updated, "
            f"{len(report.unchanged)} unchanged, {len(report.overwritten)} overwritten, "
            f"{len(report.kept)} kept as edited, {len(report.kept_deleted)} kept deleted."
        )
        self.list_keys(
            report.kept,
            "Edited in the database and kept (export them with export_content, "
            "or replace them with --overwrite):",
        )
        self.list_keys(
            report.kept_deleted,
            "Deleted in the database and kept deleted (restore them with --overwrite, "
            "or drop them from the fixtures with export_content):",
        )
        self.list_keys(
            report.only_in_database,
            "In the database but not in the fixtures (kept):",
            warning=False,
        )

    def list_keys(self, keys, heading, warning=True):
        """The rows a load left alone, under what the editor can do about them."""
        if keys:
            self.stdout.write(self.style.WARNING(heading) if warning else heading)
            for key in keys:
                self.stdout.write(f"  {key}")
