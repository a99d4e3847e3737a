"""Celery tasks for matching: thin wrappers around eligibility.services."""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from . import services
from .models import Company

CHUNK = 500
RETRY = {"autoretry_for": (DatabaseError,), "retry_backoff": True, "retry_backoff_max": 300, "max_retries": 5}


@shared_task(name="eligibility.rematch_company", acks_late=True, **RETRY)
def rematch_company(company_id: int) -> dict:
    """Recompute one company's stored results (after its profile changed)."""
    summary = services.rematch_company(company_id)
    return {"companies": summary.companies, "rows": summary.rows, "removed": summary.removed}


@shared_task(name="eligibility.rematch_policy_companies", acks_late=True, **RETRY)
def rematch_policy_companies(policy_id: int, company_ids: list[int]) -> dict:
    """Recompute one policy's results for a chunk of companies."""
    summary = services.rematch_policy_companies(policy_id, company_ids)
    return {"companies": summary.companies, "rows": summary.rows, "removed": summary.removed}


@shared_task(name="eligibility.rematch_for_policy", acks_late=True, **RETRY)
def rematch_for_policy(policy_id: int) -> int:
    """Fan out re-matching of a published (or changed, or withdrawn) policy over every company, in chunks."""
    from policies.models import Policy

    from .models import MatchResult

    if (
        not Policy.objects.filter(pk=policy_id, status=Policy.Status.PUBLISHED).exists()
        and not MatchResult.objects.filter(policy_id=policy_id).exists()
    ):
        return 0  # a draft nobody was matched against: nothing to do
    ids = list(Company.objects.filter(profile__isnull=False).order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), CHUNK):
        rematch_policy_companies.delay(policy_id, ids[start : start + CHUNK])
    return len(ids)


@shared_task(name="eligibility.rematch_all", acks_late=True, **RETRY)
def rematch_all() -> int:
    """Recompute every company (e.g. nightly, as policies enter or leave their windows)."""
    ids = list(Company.objects.filter(profile__isnull=False).order_by("id").values_list("id", flat=True))
    for company_id in ids:
        rematch_company.delay(company_id)
    return len(ids)
