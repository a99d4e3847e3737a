"""Reads for policies: the library, one policy, and the home-page figures."""

import re
from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from . import search
from .labels import readable_number
from .models import Clause, Policy, Validity

# Large fields a list of policies never shows.
LIST_DEFERRED = ("text", "extracted", "span", "diff", "supersedes")
_AFTER_HEADING = re.compile(r"^[。.::,,、\s]+")
SORTS = {
    "relevance": "相关度",
    "newest": "最新发布",
    "largest": "支持金额最高",
    "closing": "即将截止",
}


@dataclass
class LibraryFilters:
    """What the library can be narrowed and sorted by (all optional)."""

    q: str = ""
    region: str = ""
    industry: str = ""
    issuer: str = ""
    validity: str = ""
    has_money: bool = False
    amount_min: int | None = None
    amount_max: int | None = None
    open_now: bool = False
    sort: str = ""


def policy_list(filters: LibraryFilters | None = None, **kwargs) -> tuple[QuerySet[Policy], search.Query]:
    """Published policies matching the filters and search, sorted (relevance first when searching).

    Sort keys live in ORDER BY only, so counting stays cheap; page_figures() adds clause counts and the
    largest cap to the page shown.
    """
    f = filters or LibraryFilters(**kwargs)
    qs = Policy.objects.published().defer(*LIST_DEFERRED)
    if f.region:
        qs = qs.filter(Q(region=f.region) | Q(city=f.region) | Q(province=f.region))
    if f.issuer:
        qs = qs.filter(issuer__icontains=search.convert(f.issuer).strip())
    if f.validity in Validity.values:
        qs = qs.with_validity(f.validity)
    if f.open_now:
        qs = qs.open_for_applications()
    if f.industry:
        qs = qs.filter(Exists(_clauses_tagged(search.convert(f.industry).strip())))
    # yuan only: amounts in other currencies are never compared with them
    money = Clause.objects.filter(policy=OuterRef("pk"), max_amount_yuan__gt=0, currency="CNY")
    if f.has_money:
        qs = qs.filter(Exists(money))
    if f.amount_min is not None:
        qs = qs.filter(Exists(money.filter(max_amount_yuan__gte=f.amount_min)))
    if f.amount_max is not None:
        qs = qs.filter(~Exists(money.filter(max_amount_yuan__gt=f.amount_max)))
    qs, rank, query = search.apply(qs, f.q)
    sort = f.sort if f.sort in SORTS else ("relevance" if rank is not None else "newest")
    return _sorted(qs, sort, rank), query


def page_figures(policies) -> None:
    """Set clause_count and max_cap on each policy of a page (one grouped query)."""
    policies = list(policies)
    rows = (
        Clause.objects.filter(policy__in=[p.pk for p in policies])
        .order_by()
        .values("policy_id")
        .annotate(n=Count("id"), cap=Max("max_amount_yuan", filter=Q(currency="CNY")))
    )
    figures = {r["policy_id"]: r for r in rows}
    for p in policies:
        row = figures.get(p.pk, {})
        p.clause_count = row.get("n", 0)
        p.max_cap = row.get("cap")


def _clauses_tagged(tag: str) -> QuerySet[Clause]:
    clauses = Clause.objects.filter(policy=OuterRef("pk"))
    if search.is_postgres():
        return clauses.filter(tags__contains=[tag])
    return clauses.filter(Q(text__contains=tag) | Q(heading__contains=tag))


def _max_cap():
    return Subquery(
        Clause.objects.filter(policy=OuterRef("pk"), currency="CNY")
        .order_by()
        .values("policy")
        .annotate(m=Max("max_amount_yuan"))
        .values("m")[:1]
    )


def _sorted(qs: QuerySet[Policy], sort: str, rank=None) -> QuerySet[Policy]:
    newest = (F("published_on").desc(nulls_last=True), F("id").desc())
    if sort == "relevance" and rank is not None:
        return qs.order_by(rank.desc(), *newest)
    if sort == "largest":
        return qs.order_by(_max_cap().desc(nulls_last=True), *newest)
    if sort == "closing":
        today = timezone.localdate()
        closing = Coalesce("apply_until", "effective_until")
        closed = Case(
            When(
                Q(**{"apply_until__gte": today}) | Q(apply_until__isnull=True, effective_until__gte=today),
                then=Value(0),
            ),
            default=Value(1),
            output_field=IntegerField(),
        )
        return qs.order_by(closed, closing.asc(nulls_last=True), *newest)
    return qs.order_by(*newest)


CHOICES_SECONDS = 60


def library_choices() -> dict:
    """Values offered by the library's filters: regions and issuers of published policies, industries
    (cached for a minute: they only suggest, the filters accept any text)."""
    from django.core.cache import cache

    try:
        return cache.get_or_set("policies:library_choices", _library_choices, CHOICES_SECONDS)
    except Exception:  # the cache is down: read them (the page must not fail for a suggestion list)
        return _library_choices()


def _library_choices() -> dict:
    from ingest.pipeline.tags import lexicon

    published = Policy.objects.published().order_by()
    regions = sorted(
        {r for r in published.values_list("region", flat=True).distinct() if r}
        | {c for c in published.values_list("city", flat=True).distinct() if c}
    )
    issuers = sorted({i for i in published.values_list("issuer", flat=True).distinct() if i})
    industries = sorted(w for w, cat in lexicon().items() if cat == "ind")
    return {"regions": regions, "issuers": issuers, "industries": industries}


def policy_detail(policy_id: int, *, include_drafts: bool = False) -> Policy:
    """One policy with its clauses and benefits (published only unless asked)."""
    qs = Policy.objects.all() if include_drafts else Policy.objects.published()
    return (
        qs.select_related("office")
        .prefetch_related(
            Prefetch("clauses", queryset=Clause.objects.order_by("order").prefetch_related("benefits"))
        )
        .get(pk=policy_id)
    )


def clause_tree(clauses) -> list[dict]:
    """Clauses in document order, each once: depth, whether it is a leaf, and the text it holds itself.

    A parent clause's text contains its children's; the page shows only the part before the first
    child (its lead-in), so every article appears once.
    """
    clauses = list(clauses)
    numbers = [c.number for c in clauses]
    nodes = []
    for i, c in enumerate(clauses):
        prefix = f"{c.number}/"
        children = [d for d in clauses[i + 1 :] if d.number.startswith(prefix)] if c.number else []
        text = _lead_in(c, children[0]) if children else c.text
        text = _without_label(text, c)
        nodes.append(
            {
                "clause": c,
                "depth": min(c.number.count("/"), 4) if c.number in numbers else 0,
                "leaf": not children,
                "text": text,
                "label": readable_label(c),
            }
        )
    return nodes


def _lead_in(parent: Clause, child: Clause) -> str:
    """The parent's own words before its first child starts."""
    span, child_span = parent.span, child.span
    if isinstance(span, list) and isinstance(child_span, list) and len(span) == 2 and len(child_span) == 2:
        cut = child_span[0] - span[0]
        if 0 <= cut <= len(parent.text):
            return parent.text[:cut].strip()
    probe = child.text[:20]
    at = parent.text.find(probe) if probe else -1
    return parent.text[:at].strip() if at >= 0 else ""


def _without_label(text: str, clause: Clause) -> str:
    """The text without the number and heading it starts with (the page shows them as a heading)."""
    rest = text.lstrip()
    own = clause.number.rsplit("/", 1)[-1].strip() if clause.number else ""
    if own and rest.startswith(own):
        rest = rest[len(own) :].lstrip()
    heading = (clause.heading or "").strip()
    if heading and rest.startswith(heading):
        rest = _AFTER_HEADING.sub("", rest[len(heading) :])
    return rest.strip()


def readable_label(clause: Clause) -> str:
    """The label of the clause's own level: "第五条", "(二)", "18."."""
    return readable_number(clause.number.rsplit("/", 1)[-1]) if clause.number else ""


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
