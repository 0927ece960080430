"""The content loader's memory of what it last loaded (see ``content.loader``)."""

from django.db import models


class ContentBaseline(models.Model):
    """What the fixtures last said about a row, so a load can tell an editor's change from ours.

    The loader stores a checksum of each row's content as loaded from (or exported to) the
    fixtures. If the row's current content no longer matches it, somebody edited the row.
    """

    key = models.CharField(max_length=100, primary_key=True)  # "statuses.statuscode:404"
    checksum = models.CharField(max_length=64)

    def __str__(self):
        return self.key
