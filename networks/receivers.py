"""Every change of a network, its goals or the introduction makes cached pages stale."""

from django.db.models.signals import post_delete, post_save

from core.cache import invalidate_pages
from networks.models import Goal, Introduction, Network

for model in (Network, Goal, Introduction):
    post_save.connect(invalidate_pages, sender=model, dispatch_uid=f"saved-{model.__name__}")
    post_delete.connect(invalidate_pages, sender=model, dispatch_uid=f"deleted-{model.__name__}")
