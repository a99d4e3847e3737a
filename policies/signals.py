"""A saved policy or clause drops its policy's search document; the next search rebuilds it.

Any saved or deleted policy, clause, benefit or office also renews the cached policy pages
(pagecache), once the transaction commits: publish, unpublish, supersede and edits show at once.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import Office

from . import pagecache, search
from .models import Benefit, Clause, Policy


@receiver(post_save, sender=Policy, dispatch_uid="policies.search.policy_saved")
def _policy_saved(sender, instance: Policy, created: bool, raw: bool = False, **kwargs) -> None:
    if not created and not raw:
        search.forget(instance.pk)


@receiver(post_save, sender=Clause, dispatch_uid="policies.search.clause_saved")
@receiver(post_delete, sender=Clause, dispatch_uid="policies.search.clause_deleted")
def _clause_changed(sender, instance: Clause, raw: bool = False, **kwargs) -> None:
    if not raw:
        search.forget(instance.policy_id)


@receiver(post_save, sender=Policy, dispatch_uid="policies.pages.policy_saved")
@receiver(post_delete, sender=Policy, dispatch_uid="policies.pages.policy_deleted")
@receiver(post_save, sender=Clause, dispatch_uid="policies.pages.clause_saved")
@receiver(post_delete, sender=Clause, dispatch_uid="policies.pages.clause_deleted")
@receiver(post_save, sender=Benefit, dispatch_uid="policies.pages.benefit_saved")
@receiver(post_delete, sender=Benefit, dispatch_uid="policies.pages.benefit_deleted")
@receiver(post_save, sender=Office, dispatch_uid="policies.pages.office_saved")
@receiver(post_delete, sender=Office, dispatch_uid="policies.pages.office_deleted")
def _pages_changed(sender, **kwargs) -> None:
    pagecache.pages_changed()
