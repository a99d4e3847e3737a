"""Writes for companies, their profiles and their stored match results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Notification
from policies.labels import clause_label
from policies.models import Clause
from policies.money import format_yuan

from . import profile as profile_data
from .credit_code import validate
from .models import Company, CompanyProfile, Declaration, MatchResult, Membership, ProfileChange
from .selectors import MatchSource, match_source

RESULT_FIELDS = [
    "policy",
    "clause_version",
    "profile_version",
    "status",
    "reasons",
    "missing",
    "estimate",
    "amount_yuan",
    "stacking_group",
    "draft",
    "by_declaration",
    "review",
    "computed_at",
]


@transaction.atomic
def company_register(*, credit_code: str, name: str, owner) -> Company:
    """Create a company with an empty profile and ``owner`` as its first member."""
    company = Company.objects.create(credit_code=validate(credit_code), name=name.strip())
    CompanyProfile.objects.create(
        company=company, data={"credit_code": company.credit_code, "name": company.name}
    )
    Membership.objects.create(company=company, user=owner, is_owner=True)
    return company


# --- the profile ------------------------------------------------------------------------------


def profile_update(company: Company, data: Mapping[str, Any], user=None) -> ProfileChange | None:
    """Replace the company's profile facts with ``data``; record the change and queue re-matching.

    Unknown values (None, "") are dropped, never stored as false or 0. The identity keys
    (credit_code, name) always come from the company. Returns None when nothing changed.
    """
    with transaction.atomic():
        profile, _ = CompanyProfile.objects.select_for_update().get_or_create(company=company)
        new = profile_data.normalise(data)
        new.update({"credit_code": company.credit_code, "name": company.name})
        # declarations have their own writer (declarations_answer); a profile save keeps them
        new.pop("declarations", None)
        if profile.data.get("declarations"):
            new["declarations"] = profile.data["declarations"]
        changes = profile_data.diff(profile.data, new)
        if not changes:
            return None
        profile.data = new
        profile.version += 1
        profile.save()
        change = ProfileChange.objects.create(
            company=company,
            changed_by=user if user is not None and user.is_authenticated else None,
            profile_version=profile.version,
            changes=changes,
        )
        company_id = company.pk
        _queue_company(company_id)
    return change


# --- declarations -----------------------------------------------------------------------------


class DeclarationError(ValueError):
    """A Chinese message: the answer cannot be stored."""

    def __init__(self, reason: str, key: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.key = key


def declaration_value(
    raw: Any, answer_type: str, label: str = "回答", unit: str = ""
) -> bool | int | float | None:
    """An answer as typed ("是", "否", "300万", 12) as the stored value; None clears the answer.

    Numbers are in the question's ``unit``: "300万" reads 3000000 when the unit is 元.
    """
    from .engine.profile_input import parse_bool, parse_number

    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if answer_type == "number":
        if isinstance(raw, bool):
            raise DeclarationError(f"{label}应为数字")
        money = unit in ("", "元")
        number = parse_number(raw, money=money)
        if number is None and not money:
            number = parse_number(raw, money=True)
        if number is None or number < 0:
            raise DeclarationError(f"{label}应为不小于 0 的数字,例如 12 或 300万")
        return number
    if isinstance(raw, bool):
        return raw
    value = parse_bool(raw)
    if value is None:
        raise DeclarationError(f"{label}只能回答“是”或“否”")
    return value


def declarations_answer(
    company: Company,
    answers: Mapping[str, Any],
    user=None,
    *,
    questions: Mapping[str, Mapping[str, Any]],
    queue: bool = True,
) -> ProfileChange | None:
    """Store the company's answers to declaration questions (None/"" clears one) in one profile change.

    ``questions`` is the catalogue of questions the published clauses ask ({key: {question,
    answer_type, unit}}); a key outside it is refused. Every clause asking a key reads the same
    answer. The change is recorded in the profile history and re-matching is queued (``queue``).
    Returns None when nothing changed.
    """
    cleaned: dict[str, Any] = {}
    for key, raw in answers.items():
        meta = questions.get(key)
        if meta is None:
            raise DeclarationError("没有这个问题,请刷新页面后重试", key)
        cleaned[key] = declaration_value(
            raw, meta.get("answer_type") or "bool", meta.get("question") or "回答", meta.get("unit") or ""
        )
    with transaction.atomic():
        profile, _ = CompanyProfile.objects.select_for_update().get_or_create(company=company)
        declared = dict(profile.data.get("declarations") or {})
        changes: dict[str, list[Any]] = {}
        who = user if user is not None and user.is_authenticated else None
        for key, value in cleaned.items():
            old = declared.get(key)
            if old == value and type(old) is type(value):
                continue
            changes[f"declarations.{key}"] = [old, value]
            if value is None:
                declared.pop(key, None)
                Declaration.objects.filter(company=company, key=key).delete()
                continue
            declared[key] = value
            meta = questions[key]
            Declaration.objects.update_or_create(
                company=company,
                key=key,
                defaults={
                    "value": value,
                    "question": str(meta.get("question") or key)[:300],
                    "unit": str(meta.get("unit") or "")[:20],
                    "answered_by": who,
                },
            )
        if not changes:
            return None
        data = dict(profile.data)
        if declared:
            data["declarations"] = declared
        else:
            data.pop("declarations", None)
        profile.data = data
        profile.version += 1
        profile.save()
        change = ProfileChange.objects.create(
            company=company, changed_by=who, profile_version=profile.version, changes=changes
        )
        if queue:
            company_id = company.pk
            _queue_company(company_id)
    return change


def _queue_company(company_id: int) -> None:
    """Record the re-match in the outbox, in the transaction of the change (sent after commit)."""
    from outbox.services import enqueue

    enqueue("eligibility.rematch_company", company_id)


# --- stored results ---------------------------------------------------------------------------


@dataclass(slots=True)
class RematchSummary:
    """What one recomputation wrote."""

    companies: int = 0
    rows: int = 0
    removed: int = 0
    notified: list[int] = field(default_factory=list)  # company ids that got a new-match notice


def _rows(
    company: Company, profile: CompanyProfile, results: Iterable, source: MatchSource, now: dt.datetime
) -> list[MatchResult]:
    rows = []
    for result in results:
        clause_id = result.clause.clause_ref["id"]
        estimate = result.estimate
        rows.append(
            MatchResult(
                company=company,
                policy_id=result.clause.policy_ref["id"],
                clause_id=clause_id,
                clause_version=source.clause_versions.get(clause_id, 1),
                profile_version=profile.version,
                status=result.status,
                reasons=[reason.to_dict() for reason in result.reasons],
                missing=[missing.to_dict() for missing in result.missing],
                estimate=estimate.to_dict(),
                amount_yuan=estimate.value if result.status in ("eligible", "possible") else None,
                stacking_group=result.stacking_group,
                draft=result.draft,
                by_declaration=result.by_declaration,
                review=[f"以评审结果为准: {text}" for text in result.clause.review],
                computed_at=now,
            )
        )
    return rows


def _store(rows: list[MatchResult]) -> None:
    if rows:
        MatchResult.objects.bulk_create(
            rows,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["company", "clause"],
            update_fields=RESULT_FIELDS,
        )


def _notify_new_eligible(company: Company, rows: list[MatchResult], before: Mapping[int, str]) -> bool:
    """One in-site notice per member listing clauses that became eligible; False when none did."""
    new = [r for r in rows if r.status == "eligible" and before.get(r.clause_id) != "eligible"]
    if not new:
        return False
    new.sort(key=lambda r: -(r.amount_yuan or 0))
    shown = new[:10]
    names = {
        pk: f"《{title}》{clause_label(number, heading)}"
        for pk, title, number, heading in Clause.objects.filter(
            pk__in=[r.clause_id for r in shown]
        ).values_list("pk", "policy__title", "number", "heading")
    }
    lines = []
    for r in shown:
        known = r.estimate.get("yuan") is not None
        money = f",{'约' if known else '最高'} {format_yuan(r.amount_yuan)}" if r.amount_yuan else ""
        lines.append(f"· {names.get(r.clause_id, '')}{money}")
    if len(new) > 10:
        lines.append(f"……等共 {len(new)} 项")
    link = f"/me/clauses/{new[0].clause_id}/" if len(new) == 1 else "/me/"
    recipients = Membership.objects.filter(company=company, user__is_active=True).values_list(
        "user_id", flat=True
    )
    Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id,
            verb="new_match",
            title=f"新匹配到 {len(new)} 项可申报的政策支持",
            body="\n".join(lines),
            link=link,
        )
        for user_id in recipients
    )
    return True


def rematch_company(company_id: int, *, as_of: dt.date | None = None) -> RematchSummary:
    """Recompute every stored result of one company against the published clauses (idempotent)."""
    summary = RematchSummary()
    source = match_source()
    day = as_of or timezone.localdate()
    with transaction.atomic():
        profile = (
            CompanyProfile.objects.select_for_update()
            .select_related("company")
            .filter(company_id=company_id)
            .first()
        )
        if profile is None:
            return summary
        company = profile.company
        results = source.index.results(profile.data, day)
        before = dict(MatchResult.objects.filter(company=company).values_list("clause_id", "status"))
        rows = _rows(company, profile, results, source, timezone.now())
        _store(rows)
        kept = {r.clause_id for r in rows}
        stale = [clause_id for clause_id in before if clause_id not in kept]
        if stale:
            summary.removed = MatchResult.objects.filter(company=company, clause_id__in=stale).delete()[0]
        if _notify_new_eligible(company, rows, before):
            summary.notified.append(company.pk)
        summary.companies, summary.rows = 1, len(rows)
    return summary


def rematch_policy_companies(
    policy_id: int, company_ids: Iterable[int], *, as_of: dt.date | None = None
) -> RematchSummary:
    """Recompute the results of one policy's clauses for some companies (idempotent).

    A policy that is no longer published loses its stored results.
    """
    summary = RematchSummary()
    company_ids = list(company_ids)
    source = match_source(policy_ids=[policy_id])
    day = as_of or timezone.localdate()
    with transaction.atomic():
        if not source.policies:
            summary.removed = MatchResult.objects.filter(
                policy_id=policy_id, company_id__in=company_ids
            ).delete()[0]
            return summary
        index = source.index
        profiles = list(
            CompanyProfile.objects.select_for_update()
            .select_related("company")
            .filter(company_id__in=company_ids)
            .order_by("company_id")
        )
        before: dict[int, dict[int, str]] = {}
        for company_id, clause_id, status in MatchResult.objects.filter(
            policy_id=policy_id, company_id__in=company_ids
        ).values_list("company_id", "clause_id", "status"):
            before.setdefault(company_id, {})[clause_id] = status
        now = timezone.now()
        all_rows: list[MatchResult] = []
        per_company: list[tuple[Company, list[MatchResult]]] = []
        for profile in profiles:
            rows = _rows(profile.company, profile, index.results(profile.data, day), source, now)
            all_rows.extend(rows)
            per_company.append((profile.company, rows))
        _store(all_rows)
        kept = {(r.company_id, r.clause_id) for r in all_rows}
        for company_id, statuses in before.items():
            stale = [clause_id for clause_id in statuses if (company_id, clause_id) not in kept]
            if stale:
                summary.removed += MatchResult.objects.filter(
                    company_id=company_id, clause_id__in=stale
                ).delete()[0]
        for company, rows in per_company:
            if _notify_new_eligible(company, rows, before.get(company.pk, {})):
                summary.notified.append(company.pk)
        summary.companies, summary.rows = len(profiles), len(all_rows)
    return summary


def policy_results_clear(policy_id: int) -> int:
    """Remove the stored results of a policy that is no longer published; returns rows removed."""
    return MatchResult.objects.filter(policy_id=policy_id).delete()[0]


# --- hooks: a policy or clause changed --------------------------------------------------------


def schedule_policy_rematch(policy_id: int) -> None:
    """Record re-matching of a policy once per transaction in the outbox (sent after commit)."""
    if connection.in_atomic_block and any(
        getattr(callback, "policy_id", None) == policy_id and not getattr(callback, "fired", False)
        for _, callback, _ in connection.run_on_commit
    ):
        return
    from outbox.services import enqueue

    with transaction.atomic():
        enqueue("eligibility.rematch_for_policy", policy_id)

    def marker() -> None:  # marks "already recorded in this transaction" until it commits
        marker.fired = True  # type: ignore[attr-defined]

    marker.policy_id = policy_id  # type: ignore[attr-defined]
    transaction.on_commit(marker)
