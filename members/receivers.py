"""Every change of a town, an organization or a membership makes cached pages stale."""

from django.db.models.signals import post_delete, post_save

from core.cache import invalidate_pages
from members.models import MemberOrganization, Membership, Town

for model in (Town, MemberOrganization, Membership):
    post_save.connect(invalidate_pages, sender=model, dispatch_uid=f"saved-{model.__name__}")
    post_delete.connect(invalidate_pages, sender=model, dispatch_uid=f"deleted-{model.__name__}")
