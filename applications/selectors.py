"""Reads for applications: lists, timelines and what the page of an application shows."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from policies.models import Policy

from . import workflow
from .models import Application, ApplicationEvent, region_q


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


def policies_for_filter(user: User) -> QuerySet[Policy]:
    """Policies a reviewer may filter its queue by."""
    qs = Policy.objects.filter(applications__isnull=False).distinct().order_by("-id")
    if user.is_portal_admin:
        return qs
    cond = region_q(user, prefix="")
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
                str(a.clause),
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


ELIGIBILITY_LABELS = {
    "eligible": "符合",
    "possible": "可能符合(信息不全)",
    "ineligible": "不符合",
    "not_in_force": "政策不在有效期内",
    "error": "无法判断",
}


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
