from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

EDITOR_GROUP = "editor"

# Editors improve the text: they change classes and codes (never a code's number, which the
# admin shows read-only, and never add or delete codes) and manage vendor usages and code
# comparisons, deleted ones included (recovering needs add and change). History and revert come
# with the change permission. Users, groups and settings stay with superusers.
EDITOR_PERMISSIONS = [
    "view_statusclass",
    "change_statusclass",
    "view_statuscode",
    "change_statuscode",
    "view_vendorusage",
    "add_vendorusage",
    "change_vendorusage",
    "delete_vendorusage",
    "view_codecomparison",
    "add_codecomparison",
    "change_codecomparison",
    "delete_codecomparison",
    # Guides: their text, the decision steps and answers, and the fact tables.
    "view_guide",
    "change_guide",
    *(
        f"{action}_{model}"
        for model in ("decisionstep", "decisionanswer", "guidefact")
        for action in ("view", "add", "change", "delete")
    ),
]


class Command(BaseCommand):
    help = (
        'Create or update the "editor" group (may edit descriptions, vendor usages and '
        "comparisons, not codes' numbers, users or settings) and optionally put users in it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--add",
            metavar="USERNAME",
            action="append",
            default=[],
            help="Give an existing user the editor role (staff, in the group). Repeatable.",
        )

    @transaction.atomic
    def handle(self, *args, add, **options):
        group, _ = Group.objects.get_or_create(name=EDITOR_GROUP)
        permissions = Permission.objects.filter(
            content_type__app_label="statuses", codename__in=EDITOR_PERMISSIONS
        )
        if permissions.count() != len(EDITOR_PERMISSIONS):
            raise CommandError("Permissions are missing: run `manage.py migrate` first.")
        group.permissions.set(permissions)
        self.stdout.write(f'Group "{EDITOR_GROUP}": {", ".join(EDITOR_PERMISSIONS)}.')

        User = get_user_model()
        for username in add:
            try:
                user = User.objects.get_by_natural_key(username)
            except User.DoesNotExist:
                raise CommandError(
                    f'No user "{username}". Create the account first (admin › Users).'
                ) from None
            user.is_staff = True
            user.save(update_fields=["is_staff"])
            user.groups.add(group)
            self.stdout.write(f"{username} is now an editor.")
