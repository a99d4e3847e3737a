"""Reads for policies: the library, one policy, and the home-page figures."""

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from .models import Clause, Policy


def policy_list(*, q: str = "", region: str = "") -> QuerySet[Policy]:
    """Published policies matching a search, with clause counts and the largest cap."""
    qs = Policy.objects.published().search(q)
    if region:
        qs = qs.filter(Q(region=region) | Q(city=region) | Q(province=region))
    return qs.annotate(
        clause_count=Count("clauses", distinct=True),
        # yuan only: amounts in other currencies are never compared with them
        max_cap=Max("clauses__max_amount_yuan", filter=Q(clauses__currency="CNY")),
    )


def policy_detail(policy_id: int, *, include_drafts: bool = False) -> Policy:
    """One policy with its clauses and benefits (published only unless asked)."""
    qs = Policy.objects.all() if include_drafts else Policy.objects.published()
    return qs.prefetch_related(
        Prefetch("clauses", queryset=Clause.objects.order_by("order").prefetch_related("benefits"))
    ).get(pk=policy_id)


def home_stats() -> dict:
    """Counts for the home page."""
    published = Policy.objects.published()
    return {
        "policy_count": published.count(),
        "clause_count": Clause.objects.filter(
            policy__status=Policy.Status.PUBLISHED, kind=Clause.Kind.SUPPORT
        ).count(),
        "recent_policies": published.order_by("-published_at", "-id")[:6],
    }
