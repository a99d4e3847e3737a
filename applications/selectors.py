"""Reads for applications: lists, timelines and what the page of an application shows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from policies.labels import clause_label
from policies.models import Policy

from . import workflow
from .models import Application, ApplicationEvent, handled_q


def applications_visible(user: User) -> QuerySet[Application]:
    """Applications the user may see, with what lists show."""
    return Application.objects.visible_to(user).select_related("company", "policy", "clause")


def application_get(user: User, pk: int) -> Application | None:
    """One application the user may see, or None."""
    return applications_visible(user).filter(pk=pk).first()


def timeline(application: Application, *, public_only: bool) -> QuerySet[ApplicationEvent]:
    """Events oldest first; the applicant sees the public ones only."""
    qs = application.events.select_related("actor").order_by("created_at", "id")
    return qs.public() if public_only else qs


def pending_request(application: Application) -> ApplicationEvent | None:
    """The 补正 request the applicant has to answer, when the application is returned."""
    if application.state != workflow.RETURNED:
        return None
    return application.events.filter(action="return").order_by("-created_at", "-id").first()


def in_publicity(policy: int | None = None) -> QuerySet[Application]:
    """Applications in 公示, the public list: soonest end first."""
    qs = Application.objects.filter(state=workflow.PUBLICITY)
    if policy:
        qs = qs.filter(policy_id=policy)
    return qs.select_related("company", "policy__office", "clause").order_by("publicity_ends_on", "pk")


def expert_stage_note(state: str) -> str:
    """What an expert is told when the application is not in expert review: not yet, or already over."""
    if state == workflow.EXPERT_REVIEW:
        return ""
    current = workflow.staff_name(state)
    if state in workflow.AFTER_EXPERT_REVIEW:
        return f"专家评审已结束(当前阶段:{current}),不再接受评审意见。"
    if state in (workflow.WITHDRAWN, workflow.REJECTED):
        return f"该申报已办结(当前阶段:{current}),不再接受评审意见。"
    return f"该申报尚未进入专家评审阶段(当前阶段:{current}),审核人员转入专家评审后即可填写评审意见。"


def policies_for_filter(user: User) -> QuerySet[Policy]:
    """Policies a reviewer may filter its queue by."""
    qs = Policy.objects.filter(applications__isnull=False).distinct().order_by("-id")
    if user.is_portal_admin:
        return qs
    cond = handled_q(user, prefix="")
    return qs.filter(cond) if cond is not None and user.is_reviewer else qs.none()


def experts() -> QuerySet[User]:
    """Active users holding the expert role."""
    return User.objects.filter(groups__name=Role.EXPERT, is_active=True).distinct().order_by("username")


def export_rows(applications: QuerySet[Application]) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of an export of applications."""
    header = [
        "编号",
        "企业名称",
        "统一社会信用代码",
        "政策",
        "条款",
        "状态",
        "申请金额(元)",
        "批准金额(元)",
        "拨付金额(元)",
        "提交时间",
        "办理期限",
        "资格判断",
    ]
    rows = []
    for a in applications.select_related("company", "policy", "clause"):
        rows.append(
            [
                a.pk,
                a.company.name,
                a.company.credit_code,
                a.policy.title,
                clause_label(a.clause.number, a.clause.heading),
                a.staff_state,
                a.requested_amount_yuan,
                a.approved_amount_yuan,
                a.disbursed_amount_yuan,
                timezone.localtime(a.submitted_at).strftime("%Y-%m-%d %H:%M") if a.submitted_at else "",
                a.due_on.isoformat() if a.due_on else "",
                ELIGIBILITY_LABELS.get(a.eligibility_status or "", ""),
            ]
        )
    return header, rows


def _eligibility_labels() -> dict[str, str]:
    """One vocabulary with the enterprise's pages: the match statuses' own names (可申报, 可能可申报 …)."""
    from eligibility.models import MatchResult

    return {**dict(MatchResult.Status.choices), "error": "无法自动判断"}


ELIGIBILITY_LABELS = _eligibility_labels()


PROFILE_NAMES = {"credit_code": "统一社会信用代码", "name": "名称", "facts": "其他信息"}


def _display(fact, value: Any) -> str:
    from policies.money import format_yuan

    if value is None or value == "" or value == []:
        return "未填写"
    if isinstance(value, bool):
        return fact.sentence(value) if fact is not None and fact.type == "bool" else ("是" if value else "否")
    if fact is not None and fact.choices:
        return dict(fact.choices).get(value, str(value))
    if fact is not None and fact.type == "money" and isinstance(value, int | float):
        return format_yuan(value)
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict):
                text = str(item.get("name", ""))
                if item.get("level") is not None:
                    text += f"({item['level']}级)"
                if item.get("obtained_on"):
                    text += f",{item['obtained_on']}取得"
                parts.append(text)
            else:
                parts.append(str(item))
        return "、".join(parts)
    unit = fact.unit if fact is not None and fact.type != "money" else ""
    return f"{value}{unit}"


def profile_rows(data: dict[str, Any] | None) -> list[tuple[str, str]]:
    """A company profile as (Chinese label, readable value) rows, facts included."""
    from eligibility.facts import FACTS, lookup

    order = {key: i for i, key in enumerate(("name", "credit_code", *FACTS))}
    rows: list[tuple[str, str]] = []
    items = sorted((data or {}).items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0]))
    for key, value in items:
        if key == "facts" and isinstance(value, dict):
            rows.extend(profile_rows(value))
            continue
        fact = lookup(key)
        rows.append((fact.label if fact else PROFILE_NAMES.get(key, key), _display(fact, value)))
    return rows


# --- the officials' dashboard -------------------------------------------------------------------------


@dataclass
class StageTime:
    """How long applications stayed in one stage (completed stays only)."""

    state: str
    label: str
    count: int
    average_days: float
    longest_days: float


@dataclass
class PolicyFigures:
    policy_id: int
    title: str
    count: int
    requested_yuan: int
    approved_yuan: int


@dataclass
class Dashboard:
    """What /review/dashboard/ shows for the applications a user may see, filtered by policy and period."""

    total: int
    by_stage: list[tuple[str, str, int]]  # (state, staff name, count)
    by_policy: list[PolicyFigures]
    requested_yuan: int
    approved_yuan: int
    disbursed_yuan: int
    stage_times: list[StageTime]
    overdue_returns: list[Application]
    overdue_reviews: int
    applications: QuerySet[Application] = field(repr=False)


def dashboard_applications(
    user: User, *, policy: int | None = None, start: dt.date | None = None, end: dt.date | None = None
) -> QuerySet[Application]:
    """Submitted applications the user may see, of one policy and submitted within [start, end]."""
    qs = Application.objects.visible_to(user).exclude(state=workflow.DRAFT).filter(submitted_at__isnull=False)
    if policy:
        qs = qs.filter(policy_id=policy)
    if start:
        qs = qs.filter(submitted_at__date__gte=start)
    if end:
        qs = qs.filter(submitted_at__date__lte=end)
    return qs


def stays_per_stage(changes) -> dict[str, list[float]]:
    """Days spent in each state, from (application id, state entered, time) rows ordered by application
    and time: a stay ends when the next change of the same application begins. Drafts and the stage an
    application is still in are left out."""
    stays: dict[str, list[float]] = {}
    previous: tuple[int, str, dt.datetime] | None = None
    for application_id, state, at in changes:
        if previous is not None and previous[0] == application_id and previous[1] != workflow.DRAFT:
            stays.setdefault(previous[1], []).append((at - previous[2]).total_seconds() / 86400)
        previous = (application_id, state, at)
    return stays


def stage_times(applications: QuerySet[Application]) -> list[StageTime]:
    """Average and longest stay per stage, from the events that changed the state (drafts left out)."""
    events = (
        ApplicationEvent.objects.filter(application__in=applications.values("pk"))
        .exclude(from_state=F("to_state"))
        .order_by("application_id", "created_at", "id")
        .values_list("application_id", "to_state", "created_at")
    )
    stays = stays_per_stage(events)
    rows = []
    for code, state in workflow.STATES.items():
        if code in stays:
            values = stays[code]
            rows.append(
                StageTime(code, state.staff_name, len(values), sum(values) / len(values), max(values))
            )
    return rows


def dashboard(
    user: User,
    *,
    policy: int | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    today: dt.date,
) -> Dashboard:
    """The dashboard's figures, all from the database (counts and sums grouped there)."""
    qs = dashboard_applications(user, policy=policy, start=start, end=end)
    counts = dict(qs.values_list("state").annotate(n=Count("pk")).order_by())
    by_stage = [
        (code, s.staff_name, counts.get(code, 0))
        for code, s in workflow.STATES.items()
        if code != workflow.DRAFT
    ]
    approved_states = (workflow.APPROVED, workflow.DISBURSED)
    per_policy = (
        qs.values("policy_id", "policy__title")
        .annotate(
            n=Count("pk"),
            requested=Sum("requested_amount_yuan"),
            approved=Sum("approved_amount_yuan", filter=Q(state__in=approved_states)),
        )
        .order_by("-n", "policy_id")
    )
    by_policy = [
        PolicyFigures(r["policy_id"], r["policy__title"], r["n"], r["requested"] or 0, r["approved"] or 0)
        for r in per_policy
    ]
    totals = qs.aggregate(
        requested=Sum("requested_amount_yuan"),
        approved=Sum("approved_amount_yuan", filter=Q(state__in=approved_states)),
        disbursed=Sum("disbursed_amount_yuan", filter=Q(state=workflow.DISBURSED)),
    )
    overdue_returns = list(
        qs.filter(state=workflow.RETURNED, due_on__lt=today)
        .select_related("company", "policy", "clause")
        .order_by("due_on", "pk")
    )
    for application in overdue_returns:
        application.days_overdue = (today - application.due_on).days
    return Dashboard(
        total=sum(counts.values()),
        by_stage=by_stage,
        by_policy=by_policy,
        requested_yuan=totals["requested"] or 0,
        approved_yuan=totals["approved"] or 0,
        disbursed_yuan=totals["disbursed"] or 0,
        stage_times=stage_times(qs),
        overdue_returns=overdue_returns,
        overdue_reviews=qs.filter(state__in=workflow.REVIEW_STATES, due_on__lt=today).count(),
        applications=qs,
    )


def dashboard_tables(board: Dashboard) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The dashboard as tables (title, header, rows) for the csv/xlsx export; amounts in 元, times in 天."""
    return [
        ("各阶段申报数", ["阶段", "申报数(件)"], [[name, n] for _, name, n in board.by_stage]),
        (
            "各政策申报与金额",
            ["政策", "申报数(件)", "申请金额(元)", "批准金额(元)"],
            [[p.title, p.count, p.requested_yuan, p.approved_yuan] for p in board.by_policy],
        ),
        (
            "各阶段用时",
            ["阶段", "已完成次数(次)", "平均用时(天)", "最长用时(天)"],
            [
                [s.label, s.count, round(s.average_days, 1), round(s.longest_days, 1)]
                for s in board.stage_times
            ],
        ),
        (
            "逾期未补正",
            ["编号", "企业名称", "政策", "条款", "补正期限", "逾期(天)"],
            [
                [
                    a.pk,
                    a.company.name,
                    a.policy.title,
                    clause_label(a.clause.number, a.clause.heading),
                    a.due_on.isoformat(),
                    a.days_overdue,
                ]
                for a in board.overdue_returns
            ],
        ),
    ]
