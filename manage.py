#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    # Django keeps a settings error to itself and fails later with an unrelated one ("Models
    # aren't loaded yet"); the settings' own message says what to set.
    try:
        settings.INSTALLED_APPS  # noqa: B018 (reading one setting loads them all)
    except ImproperlyConfigured as error:
        sys.exit(f"!! {error}")
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
