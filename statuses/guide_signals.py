"""Guides are content too: changing one makes every cached page stale (see caching.py)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .caching import bump_content_version
from .guide_models import DecisionAnswer, DecisionStep, Guide, GuideFact


@receiver([post_save, post_delete], sender=Guide)
@receiver([post_save, post_delete], sender=DecisionStep)
@receiver([post_save, post_delete], sender=DecisionAnswer)
@receiver([post_save, post_delete], sender=GuideFact)
def guide_changed(**kwargs):
    bump_content_version()
