"""Reads for companies, profiles and stored match results (the dashboard, the API, the commands)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db import connection
from django.db.models import Count, Max, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Substr
from django.urls import reverse

from config.query import shown
from policies.labels import clause_label
from policies.models import Benefit, Clause, Policy
from policies.money import format_yuan
from policies.serializers import PolicySerializer

from . import profile as profile_data
from .engine import CandidateIndex, ConditionError, MissingFact, match_clause
from .engine.declarations import Declaration as EngineDeclaration
from .engine.report import TOTAL_BASIS, rank_questions, rank_unlocks
from .engine.stacking import ELIGIBLE_OR_POSSIBLE, totals
from .models import BoardStamp, Company, Declaration, MatchResult, ProfileChange
from .templatetags.matching import estimate_text

STATUS_LABELS = dict(MatchResult.Status.choices)
CLAUSE_STATUS_LABELS = {**STATUS_LABELS, "not_modelled": "条件未能解析"}


def company_for_user(user) -> Company | None:
    """The company the user acts for (the first, when several)."""
    if not user.is_authenticated:
        return None
    return Company.objects.filter(membership__user=user).select_related("profile").order_by("id").first()


# --- what the matcher reads -------------------------------------------------------------------


def published_policies(policy_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Published policies in INGEST_JSON shape with ids (what the engine matches against)."""
    qs = Policy.objects.published().prefetch_related(
        Prefetch("clauses", queryset=Clause.objects.order_by("order").prefetch_related("benefits"))
    )
    if policy_ids is not None:
        qs = qs.filter(pk__in=list(policy_ids))
    return [dict(data) for data in PolicySerializer(qs.order_by("id"), many=True).data]


@dataclass(slots=True)
class MatchSource:
    """Published policies, their compiled index and each clause's version."""

    policies: list[dict[str, Any]]
    index: CandidateIndex
    clause_versions: dict[int, int] = field(default_factory=dict)

    @property
    def clause_count(self) -> int:
        return len(self.index.clauses)


def _source(policies: list[dict[str, Any]]) -> MatchSource:
    versions = {c["id"]: c.get("version", 1) for p in policies for c in p.get("clauses") or ()}
    return MatchSource(policies=policies, index=CandidateIndex(policies), clause_versions=versions)


_cache_lock = threading.Lock()
_cache: dict[str, Any] = {}


def _fingerprint() -> tuple:
    published = Policy.objects.published()
    policies = published.aggregate(n=Count("id"), ids=Sum("id"), last=Max("updated_at"), v=Sum("version"))
    clauses = Clause.objects.filter(policy__in=published).aggregate(
        n=Count("id"), ids=Sum("id"), last=Max("updated_at"), v=Sum("version")
    )
    benefits = Benefit.objects.filter(clause__policy__in=published).aggregate(n=Count("id"), ids=Sum("id"))
    return (*policies.values(), *clauses.values(), *benefits.values())


def match_source(policy_ids: Iterable[int] | None = None) -> MatchSource:
    """The published clauses compiled for matching; the full set is kept per process until it changes."""
    if policy_ids is not None:
        return _source(published_policies(policy_ids))
    key = _fingerprint()
    with _cache_lock:
        if _cache.get("key") == key:
            return _cache["source"]
    source = _source(published_policies())
    with _cache_lock:
        _cache.update(key=key, source=source)
    return source


# --- declarations -----------------------------------------------------------------------------


def declaration_question(requirement: Mapping[str, Any]) -> dict[str, Any] | None:
    """The question a requirement asks the company, when it is a declaration with a key."""
    if not isinstance(requirement, Mapping) or requirement.get("kind") != "declaration":
        return None
    key = str(requirement.get("key") or "").strip()
    if not key:
        return None
    answer_type = "number" if requirement.get("answer_type") == "number" else "bool"
    return {
        "key": key,
        "question": str(requirement.get("question") or requirement.get("text") or key),
        "answer_type": answer_type,
        "unit": str(requirement.get("unit") or "") if answer_type == "number" else "",
    }


def declaration_questions(source: MatchSource | None = None) -> dict[str, dict[str, Any]]:
    """Every declaration question the published clauses ask, by key (the first wording wins)."""
    source = source or match_source()
    out: dict[str, dict[str, Any]] = {}
    for policy in source.policies:
        for clause in policy.get("clauses") or ():
            for requirement in clause.get("requirements") or ():
                question = declaration_question(requirement)
                if question is not None:
                    out.setdefault(question["key"], question)
    return out


def company_declarations(company: Company) -> dict[str, Declaration]:
    """The company's stored answers by key."""
    return {d.key: d for d in Declaration.objects.filter(company=company).select_related("answered_by")}


@dataclass(frozen=True, slots=True)
class Answered:
    """One stored answer as the calculator lists it."""

    key: str
    question: str
    value: Any
    unit: str
    answered_at: Any

    @property
    def answer_type(self) -> str:
        return "bool" if isinstance(self.value, bool) else "number"

    @property
    def shown(self) -> str:
        if isinstance(self.value, bool):
            return "是" if self.value else "否"
        if self.unit == "元" and isinstance(self.value, int | float):
            return format_yuan(self.value)
        return f"{self.value:,}{self.unit}" if isinstance(self.value, int | float) else str(self.value)


def answered_declarations(company: Company) -> list[Answered]:
    """The company's answers, latest first."""
    rows = Declaration.objects.filter(company=company).order_by("-answered_at", "key")
    return [Answered(d.key, d.question, d.value, d.unit, d.answered_at) for d in rows]


# --- profile history --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ChangeLine:
    key: str
    label: str
    old: str
    new: str


def profile_history(company: Company, limit: int = 20) -> list[tuple[ProfileChange, list[ChangeLine]]]:
    """The latest profile changes with each changed key's label and old -> new values."""
    changes = ProfileChange.objects.filter(company=company).select_related("changed_by")[:limit]
    declared = company_declarations(company)
    questions = {key: d.question for key, d in declared.items()}
    units = {f"declarations.{key}": d.unit for key, d in declared.items() if d.unit}

    def shown(key: str, value: Any) -> str:
        if key in units and isinstance(value, int | float) and not isinstance(value, bool):
            return format_yuan(value) if units[key] == "元" else f"{value:,}{units[key]}"
        return profile_data.display(key, value)

    return [
        (
            change,
            [
                ChangeLine(
                    key,
                    profile_data.label(key, questions),
                    shown(key, old),
                    shown(key, new),
                )
                for key, (old, new) in change.changes.items()
            ],
        )
        for change in changes
    ]


# --- stored results ---------------------------------------------------------------------------


def profile_anchor(fact: str) -> str:
    """The link to the profile form field that answers a fact."""
    base = reverse("eligibility:profile")
    if fact.startswith("qualification") or fact == "qualifications":
        return f"{base}#qualifications"
    return f"{base}#id_{fact}"


@dataclass(frozen=True, slots=True)
class PolicyRef:
    """The few policy fields a match list shows."""

    id: int
    title: str
    province: str
    city: str
    region: str

    @property
    def region_label(self) -> str:
        parts = [self.province, self.city if self.city != self.province else "", self.region]
        return "".join(p for p in parts if p)

    @property
    def key(self) -> str:
        return f"{self.province}|{self.city}|{self.region}"


@dataclass(frozen=True, slots=True)
class ClauseRef:
    """The few clause fields a match list shows."""

    id: int
    number: str
    heading: str | None
    order: int
    snippet: str = ""

    @property
    def title(self) -> str:
        """The heading, or the opening words of the clause when it has none."""
        return clause_title(self.number, self.heading, self.snippet)


def clause_title(number: str | None, heading: str | None, text: str, size: int = 40) -> str:
    """A clause's heading, or its opening words (without its own label) when it has none."""
    if heading:
        return heading
    words = " ".join(text[:size].split())
    label = (number or "").rsplit("/", 1)[-1]
    if label and words.startswith(label):
        words = words[len(label) :].lstrip()
    return f"{words}…" if len(text) >= size else words


_CLAUSE_URL = "/me/clauses/{}/"
LISTING_FIELDS = (
    "clause_id", "policy_id", "status", "missing", "estimate", "amount_yuan", "stacking_group", "draft",
    "computed_at", "profile_version", "clause_version", "by_declaration", "review",
    "clause__number", "clause__heading", "clause__order",
    "policy__title", "policy__province", "policy__city", "policy__region",
)  # fmt: skip


@dataclass(slots=True)
class StoredMatch:
    """A stored result, shaped like the engine's ClauseResult for its totals and unlock ranking."""

    status: str
    amount: int | None
    estimate: dict[str, Any]
    stacking_group: str | None
    draft: bool
    missing: tuple[MissingFact, ...]
    policy: PolicyRef
    clause: ClauseRef
    computed_at: Any
    profile_version: int
    clause_version: int
    reasons: list[dict[str, Any]] | None = None
    missing_raw: list[dict[str, Any]] = field(default_factory=list)
    set_aside: bool = False
    by_declaration: bool = False
    review: list[str] = field(default_factory=list)

    @classmethod
    def from_values(cls, row: Mapping[str, Any], policies: dict[int, PolicyRef]) -> StoredMatch:
        policy = policies.get(row["policy_id"])
        if policy is None:
            policy = policies[row["policy_id"]] = PolicyRef(
                row["policy_id"], row["policy__title"], row["policy__province"], row["policy__city"],
                row["policy__region"],
            )  # fmt: skip
        return cls(
            status=row["status"],
            amount=row["amount_yuan"],
            estimate=row["estimate"],
            stacking_group=row["stacking_group"],
            draft=row["draft"],
            missing=_missing(row["missing"]) if row["missing"] else (),
            policy=policy,
            clause=ClauseRef(
                row["clause_id"], row["clause__number"], row["clause__heading"], row["clause__order"]
            ),
            computed_at=row["computed_at"],
            profile_version=row["profile_version"],
            clause_version=row["clause_version"],
            reasons=row.get("reasons"),
            missing_raw=row["missing"],
            by_declaration=bool(row.get("by_declaration")),
            review=list(row.get("review") or []),
        )

    @property
    def known_yuan(self) -> int | None:
        return self.estimate.get("yuan")

    @property
    def clause_id(self) -> int:
        return self.clause.id

    @property
    def policy_id(self) -> int:
        return self.policy.id

    @property
    def key(self) -> str:
        return f"{self.policy.id}:{self.clause.id}"

    @property
    def url(self) -> str:
        return _CLAUSE_URL.format(self.clause.id)

    @property
    def label(self) -> str:
        """The clause as people read it ("第五条 支持首台套"), what {{ clause|clause_label }} shows."""
        return clause_label(self.clause.number, self.clause.heading or self.clause.title) or ""

    @property
    def estimate_label(self) -> str:
        return estimate_text(self.estimate)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def decisive(self) -> list[MissingFact]:
        return [m for m in self.missing if m.decisive and m.kind == "fact"]

    @property
    def requirements(self) -> list[MissingFact]:
        """Requirements of the clause's text that no condition models: to check against the original."""
        return [m for m in self.missing if m.kind == "requirement"]

    @property
    def questions(self) -> list[MissingFact]:
        """The declaration questions still unanswered for this clause (as the engine's result says)."""
        if self.status != "possible":
            return []
        return [m for m in self.missing if m.kind == "declaration" and m.declaration is not None]

    def to_dict(self) -> dict[str, Any]:
        """The result in the shape of the ``match`` command's JSON, with what it was computed from."""
        return {
            "policy": {"id": self.policy.id, "title": self.policy.title, "region": self.policy.region},
            "clause": {"id": self.clause.id, "number": self.clause.number, "heading": self.clause.heading},
            "status": self.status,
            "reasons": self.reasons or [],
            "missing": self.missing_raw,
            "estimate": self.estimate,
            "stacking_group": self.stacking_group,
            "draft": self.draft,
            "set_aside": self.set_aside,
            "by_declaration": self.by_declaration,
            "review": self.review,
            "questions": [{**m.question_dict(), "text": m.text} for m in self.questions],
            "clause_version": self.clause_version,
            "profile_version": self.profile_version,
            "computed_at": self.computed_at.isoformat(),
        }


def _declaration(m: Mapping[str, Any]) -> EngineDeclaration | None:
    if m.get("kind") != "declaration" or not m.get("key"):
        return None
    return EngineDeclaration(
        key=m["key"],
        question=m.get("question") or m["key"],
        answer_type=m.get("answer_type") or "bool",
        unit=m.get("unit") or "",
    )


def _missing(items: Iterable[Mapping[str, Any]]) -> tuple[MissingFact, ...]:
    return tuple(
        MissingFact(
            fact=m.get("fact", ""),
            question=m.get("question", ""),
            label=m.get("label", m.get("fact", "")) or "",
            decisive=bool(m.get("decisive")),
            kind=m.get("kind", "fact"),
            text=m.get("text"),
            span=tuple(m["span"]) if m.get("span") else None,
            declaration=_declaration(m),
        )
        for m in items
    )


def _sort_key(match: StoredMatch) -> tuple:
    order = {"eligible": 0, "possible": 1, "ineligible": 2, "not_in_force": 3}
    amount = match.amount if match.amount is not None else -1
    return (order.get(match.status, 9), -amount, match.policy.id, match.clause.order)


@dataclass(frozen=True, slots=True)
class Filters:
    """Dashboard and API filters: status, policy id and region key (province|city|region)."""

    status: str = ""
    policy: int | None = None
    region: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Filters:
        status = query.get("status", "")
        policy = query.get("policy", "")
        return cls(
            status=status if status in STATUS_LABELS else "",
            policy=int(policy) if policy.isdigit() else None,
            region=query.get("region", "")[:200],
        )

    @staticmethod
    def notices(query: Mapping[str, str]) -> list[str]:
        """What from_query() could not use, in Chinese, as the library says it (config/query.py):
        an unknown status or a policy that is not an id is ignored, and the page says so."""
        notes = []
        status, policy = query.get("status", ""), query.get("policy", "")
        if status and status not in STATUS_LABELS:
            notes.append(f"“匹配结果”没有“{shown(status)}”这一项,已忽略该条件。")
        if policy and not policy.isdigit():
            notes.append(f"“政策”没有“{shown(policy)}”这一项,已忽略该条件。")
        return notes

    @property
    def active(self) -> bool:
        return bool(self.status or self.policy or self.region)

    def keep(self, match: StoredMatch) -> bool:
        if self.status and match.status != self.status:
            return False
        if self.policy and match.policy.id != self.policy:
            return False
        return not (self.region and match.policy.key != self.region)


@dataclass(slots=True)
class Unlock:
    fact: str
    label: str
    question: str
    unlock_yuan: int
    clauses: int
    link: str


@dataclass(slots=True)
class Dashboard:
    """A company's stored matches, ready for the page and the API."""

    matches: list[StoredMatch]
    shown: list[StoredMatch]
    total_estimate_yuan: int
    total_potential_yuan: int
    total_low_yuan: int
    unmodelled: int
    set_aside: list[tuple[StoredMatch, list[StoredMatch]]]
    unlock: list[Unlock]
    counts: dict[str, int]
    policies: list[tuple[int, str]]
    regions: list[tuple[str, str]]
    computed_at: Any = None
    profile_version: int | None = None
    questions: list[Any] = field(default_factory=list)

    @property
    def possible_share(self) -> float | None:
        """The share of possible results among eligible, possible and ineligible ones."""
        decided = sum(self.counts.get(k, 0) for k in ("eligible", "possible", "ineligible"))
        return self.counts.get("possible", 0) / decided if decided else None

    @property
    def eligible(self) -> list[StoredMatch]:
        return [m for m in self.shown if m.status == "eligible"]

    @property
    def possible_by_policy(self) -> list[tuple[PolicyRef, list[StoredMatch]]]:
        groups: dict[int, tuple[PolicyRef, list[StoredMatch]]] = {}
        for match in self.shown:
            if match.status == "possible":
                groups.setdefault(match.policy.id, (match.policy, []))[1].append(match)
        return list(groups.values())

    @property
    def others(self) -> list[StoredMatch]:
        return [m for m in self.shown if m.status not in ("eligible", "possible")]

    def to_dict(self, company: Company) -> dict[str, Any]:
        """The stored results in the shape of the ``match`` command's JSON."""
        return {
            "company": {"credit_code": company.credit_code, "name": company.name},
            "computed_at": self.computed_at.isoformat() if self.computed_at else None,
            "profile_version": self.profile_version,
            "total_estimate_yuan": self.total_estimate_yuan,
            "total_potential_yuan": self.total_potential_yuan,
            "total_range": {
                "low": self.total_low_yuan,
                "high": self.total_estimate_yuan,
                "unmodelled": self.unmodelled,
            },
            "results": [m.to_dict() for m in self.shown],
            "set_aside": [
                {
                    "stacking_group": chosen.stacking_group,
                    "chosen": _ref(chosen),
                    "set_aside": [_ref(m) for m in others],
                }
                for chosen, others in self.set_aside
            ],
            "unlock": [unlock_dict(u) for u in self.unlock],
            "questions": [q.to_dict() for q in self.questions],
            "total_basis": TOTAL_BASIS,
        }


def unlock_dict(unlock: Unlock) -> dict[str, Any]:
    return {
        "fact": unlock.fact,
        "label": unlock.label,
        "question": unlock.question,
        "unlock_yuan": unlock.unlock_yuan,
        "clauses": unlock.clauses,
        "profile_link": unlock.link,
    }


def _ref(match: StoredMatch) -> dict[str, Any]:
    return {
        "policy_id": match.policy.id,
        "clause_id": match.clause.id,
        "number": match.clause.number,
        "heading": match.clause.heading,
        "estimate": match.estimate,
    }


def company_dashboard(
    company: Company, filters: Filters | None = None, *, reasons: bool = False
) -> Dashboard:
    """The company's stored results (one query): totals, lists, set-aside alternatives, unlocks."""
    filters = filters or Filters()
    fields = (*LISTING_FIELDS, "reasons") if reasons else LISTING_FIELDS
    rows = (
        MatchResult.objects.for_company(company)
        .published()
        .annotate(clause_snippet=Substr("clause__text", 1, 40))
        .values(*fields, "clause_snippet")
    )
    policies: dict[int, PolicyRef] = {}
    matches = [StoredMatch.from_values(row, policies) for row in rows]
    matches.sort(key=_sort_key)
    summary = totals(matches)
    set_aside = []
    for choice in summary.choices:
        for member in choice.set_aside:
            member.set_aside = True
        if choice.set_aside:
            set_aside.append((choice.chosen, choice.set_aside))
    unlock = [
        Unlock(u.fact, u.label, u.question, u.unlock_yuan, len(u.clauses), profile_anchor(u.fact))
        for u in rank_unlocks(matches)
    ]
    counts: dict[str, int] = dict.fromkeys(STATUS_LABELS, 0)
    regions: dict[str, str] = {}
    for match in matches:
        counts[match.status] = counts.get(match.status, 0) + 1
    for policy in policies.values():
        regions.setdefault(policy.key, policy.region_label or "未注明地区")
    return Dashboard(
        matches=matches,
        shown=[m for m in matches if filters.keep(m)],
        total_estimate_yuan=summary.estimate,
        total_potential_yuan=totals(matches, ELIGIBLE_OR_POSSIBLE).estimate,
        total_low_yuan=summary.low,
        unmodelled=summary.unmodelled,
        set_aside=set_aside,
        unlock=unlock,
        counts=counts,
        policies=sorted(((p.id, p.title) for p in policies.values()), key=lambda p: p[1]),
        regions=sorted(regions.items(), key=lambda r: r[1]),
        computed_at=max((m.computed_at for m in matches), default=None),
        profile_version=min((m.profile_version for m in matches), default=None),
        questions=calculator_questions(matches),
    )


def calculator_questions(matches: Iterable[StoredMatch]) -> list[Any]:
    """The unanswered declaration questions of the possible results, ranked by the money they settle
    (the engine's ranking, read from the stored results)."""
    views = [
        SimpleNamespace(
            status=m.status,
            stacking_group=m.stacking_group,
            amount=m.amount,
            key=m.key,
            questions=m.questions,
            clause=SimpleNamespace(
                policy_ref={"id": m.policy.id, "title": m.policy.title},
                clause_ref={"id": m.clause.id, "number": m.clause.number, "heading": m.clause.title},
            ),
        )
        for m in matches
    ]
    return rank_questions(views)


def _with_counted_stamp(companies):
    """Without PostgreSQL's triggers (SQLite in development): companies annotated with how many stored
    results and answers they have and their latest write."""
    results = MatchResult.objects.filter(company=OuterRef("pk")).order_by().values("company")
    answers = Declaration.objects.filter(company=OuterRef("pk")).order_by().values("company")
    return companies.annotate(
        results_n=Subquery(results.annotate(n=Count("id")).values("n")),
        results_last=Subquery(results.annotate(last=Max("computed_at")).values("last")),
        answers_n=Subquery(answers.annotate(n=Count("id")).values("n")),
        answers_last=Subquery(answers.annotate(last=Max("answered_at")).values("last")),
    )


def company_for_user_stamped(user) -> tuple[Company | None, tuple]:
    """company_for_user() and the version of its stored results and answers (BoardStamp, raised by
    PostgreSQL triggers with every write of them), in one query: the dashboard's cache key."""
    if not user.is_authenticated:
        return None, ()
    if connection.vendor == "postgresql":
        return _company_stamped_sql(user.pk)
    companies = Company.objects.filter(membership__user=user).order_by("id")
    company = _with_counted_stamp(companies.select_related("profile")).first()
    names = ("results_n", "results_last", "answers_n", "answers_last")
    return company, tuple(getattr(company, name) for name in names) if company else ()


@functools.cache
def _company_stamped_query() -> tuple[str, list, list]:
    """The SQL of company_for_user_stamped(), written out: /me/ runs it on every request, and compiling
    the ORM's version (company, profile and stamp joined) cost twice as much as running it."""
    from .models import CompanyProfile, Membership

    q = connection.ops.quote_name
    company_fields, profile_fields = Company._meta.concrete_fields, CompanyProfile._meta.concrete_fields
    columns = [f"c.{q(f.column)}" for f in company_fields] + [f"p.{q(f.column)}" for f in profile_fields]
    member = Membership._meta
    sql = (
        f"SELECT {', '.join(columns)}, s.version FROM {Company._meta.db_table} c"
        f" JOIN {member.db_table} m ON m.{q(member.get_field('company').column)} = c.id"
        f" LEFT JOIN {CompanyProfile._meta.db_table} p"
        f" ON p.{q(CompanyProfile._meta.get_field('company').column)} = c.id"
        f" LEFT JOIN {BoardStamp._meta.db_table} s ON s.company_id = c.id"
        f" WHERE m.{q(member.get_field('user').column)} = %s ORDER BY c.id LIMIT 1"
    )
    return sql, list(company_fields), list(profile_fields)


def _from_row(model, fields, values):
    """A model instance from its columns as the database returned them, converted as the ORM does."""
    converted = []
    for f, value in zip(fields, values, strict=True):
        expression = f.get_col(model._meta.db_table)
        for convert in [*connection.ops.get_db_converters(expression), *f.get_db_converters(connection)]:
            value = convert(value, expression, connection)
        converted.append(value)
    return model.from_db(connection.alias, [f.attname for f in fields], converted)


def _company_stamped_sql(user_id: int) -> tuple[Company | None, tuple]:
    from .models import CompanyProfile

    sql, company_fields, profile_fields = _company_stamped_query()
    with connection.cursor() as cursor:
        cursor.execute(sql, [user_id])
        row = cursor.fetchone()
    if row is None:
        return None, ()
    company = _from_row(Company, company_fields, row[: len(company_fields)])
    profile_row = row[len(company_fields) : -1]
    profile = None
    if profile_row[[f.primary_key for f in profile_fields].index(True)] is not None:
        profile = _from_row(CompanyProfile, profile_fields, profile_row)
        CompanyProfile.company.field.set_cached_value(profile, company)
    Company.profile.related.set_cached_value(company, profile)  # as select_related("profile")
    return company, (row[-1] or 0,)  # no stamp: nothing written since the stamps began


# --- what the page shows of a dashboard --------------------------------------------------------

# The page shows the questions worth most and the best possible results; the rest is one click away
# (?show=questions, ?show=possible), so a company with hundreds of results gets a page of tens of KB.
QUESTIONS_SHOWN = 10
POSSIBLE_SHOWN = 20
QUESTION_CLAUSES_SHOWN = 3
SHOW_SECTIONS = ("questions", "possible")


@dataclass(frozen=True, slots=True)
class QuestionRow:
    """A calculator question with the links the page shows (computed once, not per template tag)."""

    key: str
    question: str
    answer_type: str
    unit: str | None
    yuan_at_stake: int
    links: tuple[tuple[str, str], ...]
    clause_count: int

    @property
    def more_clauses(self) -> bool:
        return self.clause_count > len(self.links)


@dataclass(slots=True)
class BoardPage:
    """The part of a dashboard one page shows, and how much of each section waits behind a link."""

    questions: list[QuestionRow]
    questions_total: int
    possible_groups: list[tuple[PolicyRef, list[StoredMatch], int]]
    possible_total: int
    possible_shown: int
    show: tuple[str, ...]

    @property
    def questions_hidden(self) -> int:
        return self.questions_total - len(self.questions)

    @property
    def possible_hidden(self) -> int:
        return self.possible_total - self.possible_shown


def _title_prefix(title: str, size: int = 24) -> str:
    return title if len(title) <= size else f"{title[: size - 3]}..."


def question_row(question: Any) -> QuestionRow:
    links = tuple(
        (_CLAUSE_URL.format(c["clause_id"]), f"{_title_prefix(c['policy_title'] or '')} {c['number']}")
        for c in question.clauses[:QUESTION_CLAUSES_SHOWN]
    )
    return QuestionRow(
        question.key, question.question, question.answer_type, question.unit, question.yuan_at_stake,
        links, len(question.clauses),
    )  # fmt: skip


def board_page(board: Dashboard, filters: Filters, show: Iterable[str] = (), keep_key: str = "") -> BoardPage:
    """The questions worth most and the best possible results of a dashboard, grouped by policy.

    Everything is shown when asked (show), when the list is filtered to one status or policy, or, for
    the questions, when keep_key (a question just answered with an error) is beyond the first ones.
    """
    show = tuple(s for s in SHOW_SECTIONS if s in set(show))
    questions = board.questions
    all_questions = "questions" in show or any(q.key == keep_key for q in questions[QUESTIONS_SHOWN:])
    shown_questions = questions if all_questions else questions[:QUESTIONS_SHOWN]
    possible = [m for m in board.shown if m.status == "possible"]
    all_possible = "possible" in show or filters.status == "possible" or filters.policy is not None
    first = possible if all_possible else possible[:POSSIBLE_SHOWN]
    per_policy: dict[int, int] = {}
    for match in possible:
        per_policy[match.policy.id] = per_policy.get(match.policy.id, 0) + 1
    groups: dict[int, tuple[PolicyRef, list[StoredMatch]]] = {}
    for match in first:
        groups.setdefault(match.policy.id, (match.policy, []))[1].append(match)
    return BoardPage(
        questions=[question_row(q) for q in shown_questions],
        questions_total=len(questions),
        possible_groups=[
            (policy, items, per_policy[policy.id] - len(items)) for policy, items in groups.values()
        ],
        possible_total=len(possible),
        possible_shown=len(first),
        show=show,
    )


# --- one clause -------------------------------------------------------------------------------


@dataclass(slots=True)
class ClauseMatch:
    """One clause for one company: the stored result (or a live one when none is stored)."""

    policy: Policy
    clause: Clause
    status: str
    reasons: list[dict[str, Any]]
    missing: list[dict[str, Any]]
    estimate: dict[str, Any]
    stacking_group: str | None
    draft: bool
    stored: MatchResult | None
    segments: list[tuple[str, str]]
    requirements: list[dict[str, Any]] = field(default_factory=list)
    questions: list[dict[str, Any]] = field(default_factory=list)
    by_declaration: bool = False
    review: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return CLAUSE_STATUS_LABELS.get(self.status, self.status)

    @property
    def title(self) -> str:
        return clause_title(self.clause.number, self.clause.heading, self.clause.text or "")


def _spans(value: Any) -> Iterable[tuple[int, int]]:
    """Every [start, end] integer pair inside an evidence structure."""
    if isinstance(value, list | tuple):
        if len(value) == 2 and all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            yield (value[0], value[1])
        else:
            for item in value:
                yield from _spans(item)
    elif isinstance(value, Mapping):
        for item in value.values():
            yield from _spans(item)


def evidence_segments(clause: Clause, requirements: Iterable[Any] = ()) -> list[tuple[str, str]]:
    """The clause text cut into (text, mark) pieces: mark is "evidence", "requirement" or "" (plain).

    Evidence comes from the clause's and its benefits' spans; requirement marks from the spans of the
    unmodelled requirements passed in (the words a company must check against the original).
    """
    text = clause.text or ""
    span = clause.span if isinstance(clause.span, list) and len(clause.span) == 2 else None
    start = span[0] if span and isinstance(span[0], int) else 0
    marks: list[tuple[int, int, str]] = []
    sources = [clause.evidence, *(b.evidence for b in clause.benefits.all())]
    for kind, spans in (("requirement", _spans(list(requirements))), ("evidence", _spans(sources))):
        for a, b in spans:
            lo, hi = max(a - start, 0), min(b - start, len(text))
            if 0 <= lo < hi <= len(text) and hi - lo < len(text):
                marks.append((lo, hi, kind))
    marks.sort()
    pieces: list[tuple[str, str]] = []
    cursor = 0
    for lo, hi, kind in marks:
        lo = max(lo, cursor)
        if lo >= hi:
            continue
        if lo > cursor:
            pieces.append((text[cursor:lo], ""))
        pieces.append((text[lo:hi], kind))
        cursor = hi
    if cursor < len(text):
        pieces.append((text[cursor:], ""))
    return pieces


def clause_match(company: Company | None, clause_id: int) -> ClauseMatch:
    """A published clause with the company's stored result; raises Clause.DoesNotExist otherwise."""
    clause = (
        Clause.objects.select_related("policy")
        .prefetch_related("benefits")
        .get(pk=clause_id, policy__status=Policy.Status.PUBLISHED)
    )
    stored = (
        MatchResult.objects.filter(company=company, clause=clause).first() if company is not None else None
    )
    if stored is not None:
        status, reasons, missing = stored.status, stored.reasons, stored.missing
        estimate, group, draft = stored.estimate, stored.stacking_group, stored.draft
        by_declaration, review = stored.by_declaration, stored.review
    else:
        policy = published_policies([clause.policy_id])[0]
        data = next(c for c in policy["clauses"] if c["id"] == clause.pk)
        profile = company.profile.data if company is not None and hasattr(company, "profile") else {}
        try:
            result = match_clause(data, policy, profile).to_dict()
        except ConditionError:
            result = {"status": "not_modelled", "reasons": [], "missing": [], "estimate": {}}
        status, reasons, missing = result["status"], result["reasons"], result["missing"]
        estimate, group, draft = result["estimate"], result.get("stacking_group"), bool(policy["is_draft"])
        by_declaration, review = bool(result.get("by_declaration")), list(result.get("review") or [])
    requirements = [m for m in missing if m.get("kind") == "requirement"]
    questions = [m for m in missing if m.get("kind") == "declaration" and m.get("key")]
    return ClauseMatch(
        policy=clause.policy,
        clause=clause,
        status=status,
        reasons=reasons,
        missing=[
            {**m, "link": profile_anchor(m["fact"])}
            for m in missing
            if m.get("fact") and m.get("kind") != "declaration"
        ],
        requirements=requirements,
        questions=questions if status == "possible" else [],
        by_declaration=by_declaration,
        review=review,
        estimate=estimate,
        stacking_group=group,
        draft=draft,
        stored=stored,
        segments=evidence_segments(clause, [r.get("span") for r in requirements]),
    )
