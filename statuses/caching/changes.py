"""A change of the content, told in one place.

Every save, delete or link of a content row (the admin, a revert, the content loader, a shell)
bumps the content version, so that every process's page cache misses at once, and, where HTTP
caches are in front (``PURGE_URLS``), purges the pages that show the row once the transaction
commits. Deletes are told before they happen, while the row's links still say where it shows.
"""

from django.conf import settings
from django.db.models.signals import m2m_changed, post_save, pre_delete

from ..models import (
    CONTENT_MODELS,
    CodeComparison,
    StatusClass,
    StatusCode,
    VendorUsage,
)
from .page_cache import bump_content_version
from .purge import (
    LISTS,
    class_codes_tag,
    class_tag,
    code_tag,
    purge_on_commit,
    tags_for_code,
)


def pages_showing(instance, created):
    """The purge tags of every page that shows ``instance``."""
    if isinstance(instance, StatusCode):
        # A code added or removed also changes its neighbours' previous/next links.
        return tags_for_code(instance.code, with_neighbours=created)
    if isinstance(instance, StatusClass):
        return {class_tag(instance.digit), class_codes_tag(instance.digit), LISTS}
    if isinstance(instance, VendorUsage):
        return tags_for_code(instance.code_id)
    if isinstance(instance, CodeComparison):
        return {code_tag(instance.first_id), code_tag(instance.second_id)}
    return {LISTS}  # the guides, which the home page and the search list


def row_changed(instance, created=True, **kwargs):
    bump_content_version()
    if settings.PURGE_URLS:
        purge_on_commit(pages_showing(instance, created))


def related_codes_changed(instance, action, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    bump_content_version()
    if settings.PURGE_URLS:
        codes = {instance.code, *(pk_set or ())}
        purge_on_commit(set().union(*(tags_for_code(code) for code in codes)))


for model in CONTENT_MODELS:
    post_save.connect(row_changed, sender=model)
    pre_delete.connect(row_changed, sender=model)
m2m_changed.connect(related_codes_changed, sender=StatusCode.related_codes.through)
