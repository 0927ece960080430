from django.core.management.base import BaseCommand, CommandError

from statuses.content.registry import (
    REGISTRY_CHECKED_ON,
    read_registry,
    registry_csv,
    registry_differences,
)
from statuses.models import StatusCode


class Command(BaseCommand):
    help = (
        "Compare the status codes in the database with the copy of the IANA registry in "
        "fixtures/iana/ and list every difference."
    )

    def add_arguments(self, parser):
        parser.add_argument("--csv", help="Another copy of the registry CSV to compare with.")

    def handle(self, *args, **options):
        path = options["csv"] or registry_csv()
        try:
            registry = read_registry(path)
        except (OSError, KeyError, ValueError) as error:
            raise CommandError(f"Cannot read the registry CSV {path}: {error}") from error
        differences = registry_differences(StatusCode.objects.all(), registry)
        for line in differences:
            self.stdout.write(line)
        if differences:
            raise CommandError(f"{len(differences)} difference(s) from {path}.")
        self.stdout.write(
            f"All {len(registry)} registered values match {path} "
            f"(copy checked on {REGISTRY_CHECKED_ON.isoformat()})."
        )
