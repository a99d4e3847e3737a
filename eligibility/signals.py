"""Re-match when a policy or one of its clauses is saved (published, corrected or withdrawn)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from policies.models import Benefit, Clause, Policy

from .services import schedule_policy_rematch


@receiver(post_save, sender=Policy, dispatch_uid="eligibility.policy_saved")
def policy_saved(sender, instance: Policy, raw: bool = False, **kwargs) -> None:
    """Queue re-matching of the policy after commit (the task skips drafts without results)."""
    if not raw:
        schedule_policy_rematch(instance.pk)


@receiver(post_save, sender=Clause, dispatch_uid="eligibility.clause_saved")
def clause_saved(sender, instance: Clause, raw: bool = False, **kwargs) -> None:
    """A corrected clause changes its policy's results."""
    if not raw:
        schedule_policy_rematch(instance.policy_id)


@receiver(post_save, sender=Benefit, dispatch_uid="eligibility.benefit_saved")
def benefit_saved(sender, instance: Benefit, raw: bool = False, **kwargs) -> None:
    """A corrected benefit changes its clause's estimate."""
    if not raw:
        policy_id = Clause.objects.filter(pk=instance.clause_id).values_list("policy_id", flat=True).first()
        if policy_id is not None:
            schedule_policy_rematch(policy_id)
