"""A saved policy or clause drops its policy's search document; the next search rebuilds it."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import search
from .models import Clause, Policy


@receiver(post_save, sender=Policy, dispatch_uid="policies.search.policy_saved")
def _policy_saved(sender, instance: Policy, created: bool, raw: bool = False, **kwargs) -> None:
    if not created and not raw:
        search.forget(instance.pk)


@receiver(post_save, sender=Clause, dispatch_uid="policies.search.clause_saved")
@receiver(post_delete, sender=Clause, dispatch_uid="policies.search.clause_deleted")
def _clause_changed(sender, instance: Clause, raw: bool = False, **kwargs) -> None:
    if not raw:
        search.forget(instance.policy_id)
