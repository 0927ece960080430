"""The project as Django sees it: the system checks pass and the models match the migrations."""

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.database


def test_the_system_checks_pass():
    call_command("check", fail_level="ERROR")


@pytest.mark.django_db
def test_every_model_change_has_its_migration():
    # makemigrations --check leaves with status 1 when a model differs from the migrations.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
