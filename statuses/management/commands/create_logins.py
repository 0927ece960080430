import os
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create admin logins without questions, for scripts and first deploys: a superuser from "
        "DJANGO_SUPERUSER_USERNAME, DJANGO_SUPERUSER_PASSWORD and DJANGO_SUPERUSER_EMAIL "
        "(optional), and/or an editor from DJANGO_EDITOR_USERNAME and DJANGO_EDITOR_PASSWORD. "
        "An account that exists already keeps its password."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        superuser = os.environ.get("DJANGO_SUPERUSER_USERNAME", "")
        editor = os.environ.get("DJANGO_EDITOR_USERNAME", "")
        if not (superuser or editor):
            raise CommandError(
                "Nothing to create: set DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD, "
                "and/or DJANGO_EDITOR_USERNAME and DJANGO_EDITOR_PASSWORD."
            )
        if superuser:
            self.create_superuser(superuser)
        if editor:
            self.create_editor(editor)

    def create_superuser(self, username):
        if self.exists(username):
            self.stdout.write(f"Superuser {username}: exists already, left as it is.")
            return
        self.check_password(username, "DJANGO_SUPERUSER_PASSWORD")
        # Django's own command, which reads DJANGO_SUPERUSER_PASSWORD from the environment.
        call_command(
            "createsuperuser",
            interactive=False,
            username=username,
            email=os.environ.get("DJANGO_SUPERUSER_EMAIL", ""),
            stdout=StringIO(),
        )
        self.stdout.write(f"Superuser {username}: created.")

    def create_editor(self, username):
        if self.exists(username):
            state = "exists already (password unchanged)"
        else:
            password = self.check_password(username, "DJANGO_EDITOR_PASSWORD")
            get_user_model().objects.create_user(username, password=password)
            state = "created"
        call_command("create_editor_group", add=[username], stdout=StringIO())
        self.stdout.write(f"Editor {username}: {state}, with the editor role.")

    def exists(self, username):
        return get_user_model()._default_manager.filter(username=username).exists()

    def check_password(self, username, variable):
        password = os.environ.get(variable, "")
        if not password:
            raise CommandError(f"Set {variable} to create {username} (nothing was created).")
        try:
            validate_password(password, get_user_model()(username=username))
        except ValidationError as error:
            raise CommandError(
                f"{variable} is not accepted: {' '.join(error.messages)} (nothing was created)."
            ) from None
        return password
