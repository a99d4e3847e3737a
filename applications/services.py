"""Writes for applications: the one transition service, the messenger, drafts, attachments, reviews."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Sum
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification, User
from accounts.roles import Role
from eligibility.models import Company
from policies.labels import clause_label
from policies.models import Clause, Policy, Validity
from policies.money import format_yuan

from . import clock, rules, workflow
from .files import check_upload, clean_name
from .models import Application, ApplicationEvent, Assignment, Attachment, Review, handles_policy

log = logging.getLogger(__name__)


# --- errors -----------------------------------------------------------------------------------------


class WorkflowError(Exception):
    """A refused workflow request; ``message`` is Chinese and safe to show."""

    status = 400

    def __init__(self, message: str, *, field_errors: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field_errors = dict(field_errors or {})


class UnknownAction(WorkflowError):
    status = 404


class ActionForbidden(WorkflowError):
    """The actor's role may not take this action, or it may not act on this application."""

    status = 403


class TransitionConflict(WorkflowError):
    """The application is not (or no longer) in a state the action starts from."""

    status = 409

    def __init__(self, current_state: str, action: str) -> None:
        self.current_state = current_state
        super().__init__(
            f"申报当前状态为「{workflow.staff_name(current_state)}」,"
            f"不能执行「{workflow.ACTION_LABELS.get(action, action)}」。"
        )


class InvalidAction(WorkflowError):
    """The action is possible but what came with it is not (missing comment, amount above the cap …)."""

    status = 400


class ReviewExists(WorkflowError):
    """The expert has already reviewed the application: a review is given once and never changed."""

    status = 409

    def __init__(self) -> None:
        super().__init__("您已提交过对此申报的评审意见,评审意见提交后不能修改或重复提交。")


# --- access -----------------------------------------------------------------------------------------


def is_member(user: User, company_id: int) -> bool:
    """Whether the user acts for the company."""
    return user.is_authenticated and user.companies.filter(pk=company_id).exists()


def staff_may_act(user: User, application: Application) -> bool:
    """Whether a reviewer (of the policy's office or region) or an admin may act on the application."""
    if user.is_portal_admin:
        return True
    return user.is_reviewer and handles_policy(user, application.policy)


# --- when a policy takes applications ---------------------------------------------------------------


def _day(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def applying_refusal(policy: Policy, today: dt.date | None = None) -> str | None:
    """Why the policy takes no application today (Chinese, for page and API), or None when it does.

    Refused: a policy not published, a draft for comment (征求意见稿), outside its validity
    (施行日期 … 有效期至) or outside its application window (申报时间) when it states one.
    """
    today = today or clock.today()
    if policy.status != Policy.Status.PUBLISHED:
        return "该政策未发布或已下架,不受理申报。"
    validity = policy.validity(today)  # the library's rule: draft, pending, expired, in force
    if validity == Validity.DRAFT:
        return "该政策为征求意见稿(草案),尚未正式施行,不受理申报。"
    if validity == Validity.PENDING:
        return f"该政策自{_day(policy.effective_from)}起施行,施行前不受理申报。"
    if validity == Validity.EXPIRED:
        return f"该政策有效期至{_day(policy.effective_until)},已失效,不再受理申报。"
    window = ""
    if policy.apply_from or policy.apply_until:
        start = _day(policy.apply_from) if policy.apply_from else "即日"
        end = _day(policy.apply_until) if policy.apply_until else "另行通知"
        window = f"(申报时间:{start}至{end})"
    if policy.apply_from and today < policy.apply_from:
        return f"申报尚未开始{window},请在申报时间内提交。"
    if policy.apply_until and today > policy.apply_until:
        return f"申报已于{_day(policy.apply_until)}截止{window},不再受理申报。"
    return None


def may_take(user: User, application: Application, t: workflow.Transition) -> bool:
    """Role and object access for one transition (state not considered)."""
    if not workflow.role_may(user, t):
        return False
    if (
        t.roles & workflow.APPLICANT_ROLES
        and user.has_role(Role.ENTERPRISE)
        and is_member(user, application.company_id)
    ):
        return True
    return bool(t.roles & workflow.STAFF_ROLES) and staff_may_act(user, application)


def actions_for(user: User, application: Application) -> list[workflow.Transition]:
    """The transitions the user may take on the application now."""
    return [t for t in workflow.transitions_from(application.state) if may_take(user, application, t)]


# --- the transition service ---------------------------------------------------------------------------


def _int_field(data: Mapping[str, Any], name: str, label: str, errors: dict[str, str]) -> int | None:
    value = data.get(name)
    if value in (None, ""):
        errors[name] = f"请填写{label}。"
        return None
    try:
        number = int(str(value).replace(",", "").strip())
    except (TypeError, ValueError):
        errors[name] = f"{label}应为整数(单位:元)。"
        return None
    message = rules.amount_error(number, label)
    if message:
        errors[name] = message
        return None
    return number


def _date_field(data: Mapping[str, Any], name: str, label: str, errors: dict[str, str]) -> dt.date | None:
    value = data.get(name)
    if value in (None, ""):
        errors[name] = f"请填写{label}。"
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        errors[name] = f"{label}格式应为 年-月-日,例如 2026-05-20。"
        return None


def approval_room(application: Application) -> tuple[int | None, str]:
    """The most that may be approved: the clause's cap, less what the stacking rule already used."""
    from eligibility.engine import is_exclusive

    cap = application.clause.max_amount_yuan
    if not is_exclusive(application.policy.stacking):
        return cap, f"条款上限{format_yuan(cap)}" if cap is not None else ""
    used = (
        Application.objects.filter(
            company_id=application.company_id,
            policy_id=application.policy_id,
            state__in=(workflow.APPROVED, workflow.DISBURSED),
        )
        .exclude(pk=application.pk)
        .aggregate(total=Sum("approved_amount_yuan"))["total"]
        or 0
    )
    if cap is None:
        return None, ""
    room = max(cap - used, 0)
    text = f"条款上限{format_yuan(cap)}"
    if used:
        text += f",本政策「{application.policy.stacking}」,该企业已获批{format_yuan(used)},剩余额度{format_yuan(room)}"
    return room, text


def publicity_block(application: Application, today: dt.date) -> str | None:
    """Why the application cannot be approved yet (publicity not over), or None."""
    ends = application.publicity_ends_on
    if ends is None:
        return "尚未公示,不能批准。"
    if today <= ends:
        return f"公示期至{_day(ends)}结束,公示期满后(自{_day(ends + dt.timedelta(days=1))}起)方可批准。"
    return None


def proposed_amount(application: Application) -> int | None:
    """The amount to put up for publicity: the lowest an expert advised after reduction, else the request,
    never above what may be approved."""
    reduced = [r.reduced_amount_yuan for r in application.reviews.all() if r.reduced_amount_yuan]
    amount = min(reduced) if reduced else application.requested_amount_yuan
    room, _ = approval_room(application)
    if amount is not None and room is not None:
        amount = min(amount, room)
    return amount


def _prepare(
    application: Application,
    t: workflow.Transition,
    actor: User,
    comment: str,
    data: Mapping[str, Any],
    today: dt.date,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Validate what the action needs; return the column updates and the event data."""
    errors: dict[str, str] = {}
    updates: dict[str, Any] = {}
    event_data: dict[str, Any] = {}
    if t.comment_required and not comment:
        errors["comment"] = f"「{t.label}」需要填写意见。"
    if t.due_working_days is not None:
        updates["due_on"] = workflow.add_working_days(today, t.due_working_days)
    elif t.target not in workflow.REVIEW_STATES:
        updates["due_on"] = None

    if t.action == "submit":
        missing = []
        if not application.requested_amount_yuan:
            missing.append("申请金额")
        if not application.project_description.strip():
            missing.append("项目说明")
        if needs_project_investment(application.clause) and not application.project_investment_yuan:
            missing.append("项目总投资")
        if missing:
            errors["application"] = "提交前请先填写:" + "、".join(missing) + "。"
        errors.update(
            rules.draft_errors(application.clause, {k: getattr(application, k) for k in DRAFT_FIELDS})
        )
        if not application.attachments.exists():
            errors["attachments"] = "提交前请上传申报材料(至少一个附件)。"
        # A first submission must fall in the policy's window; a 补正 answers a request already made.
        refusal = applying_refusal(application.policy, today)
        if refusal and (application.revision == 0 or application.policy.status != Policy.Status.PUBLISHED):
            errors["policy"] = refusal
        if not errors:
            snapshot = eligibility_snapshot(application, today)
            updates.update(
                eligibility=snapshot,
                submitted_at=timezone.now(),
                revision=application.revision + 1,
            )
            event_data = {"revision": application.revision + 1, "eligibility": snapshot.get("status")}
    elif t.action == "conclude_expert":
        if not application.reviews.exists():
            errors["reviews"] = "尚无专家评审意见,不能结束评审。"
        if data.get("publicity_ends_on"):
            ends = _date_field(data, "publicity_ends_on", "公示截止日期", errors)
            if ends is not None and ends <= today:
                errors["publicity_ends_on"] = "公示截止日期应晚于今天。"
        else:
            days = data.get("publicity_days") or workflow.DEFAULT_PUBLICITY_WORKING_DAYS
            try:
                days = int(days)
            except (TypeError, ValueError, OverflowError):
                days = 0
            if rules.publicity_days_error(days):
                errors["publicity_days"] = rules.publicity_days_error(days)
                ends = None
            else:
                ends = workflow.add_working_days(today, days)
        proposed = (
            _int_field(data, "proposed_amount_yuan", "拟支持金额", errors)
            if data.get("proposed_amount_yuan")
            else proposed_amount(application)
        )
        if proposed is not None and "proposed_amount_yuan" not in errors:
            room, why = approval_room(application)
            if room is not None and proposed > room:
                errors["proposed_amount_yuan"] = f"拟支持金额{format_yuan(proposed)}超过可批准上限({why})。"
        if ends is not None and not errors:
            updates.update(publicity_ends_on=ends, due_on=ends, proposed_amount_yuan=proposed)
            event_data = {"publicity_ends_on": ends.isoformat(), "proposed_amount_yuan": proposed}
    elif t.action == "approve":
        blocked = publicity_block(application, today)
        if blocked:
            errors["publicity"] = blocked
        amount = _int_field(data, "approved_amount_yuan", "批准金额", errors)
        if amount is not None:
            room, why = approval_room(application)
            if room is not None and amount > room:
                errors["approved_amount_yuan"] = f"批准金额{format_yuan(amount)}超过可批准上限({why})。"
        if not errors:
            updates["approved_amount_yuan"] = amount
            event_data = {"approved_amount_yuan": amount}
    elif t.action == "disburse":
        amount = _int_field(data, "disbursed_amount_yuan", "拨付金额", errors)
        day = _date_field(data, "disbursed_on", "拨付日期", errors)
        if (
            amount is not None
            and application.approved_amount_yuan
            and amount > application.approved_amount_yuan
        ):
            errors["disbursed_amount_yuan"] = (
                f"拨付金额{format_yuan(amount)}超过批准金额{format_yuan(application.approved_amount_yuan)}。"
            )
        if day is not None and day > today:
            errors["disbursed_on"] = "拨付日期不能晚于今天。"
        if not errors:
            updates.update(disbursed_amount_yuan=amount, disbursed_on=day)
            event_data = {"disbursed_amount_yuan": amount, "disbursed_on": day.isoformat()}
    if errors:
        raise InvalidAction("；".join(errors.values()), field_errors=errors)
    return updates, event_data


def application_transition(
    application: Application,
    action: str,
    actor: User,
    comment: str = "",
    data: Mapping[str, Any] | None = None,
    *,
    today: dt.date | None = None,
) -> Application:
    """Take ``action`` on the application as ``actor``: the only way its state changes.

    Checks the role and object access, the current state (with a conditional UPDATE, so two people
    cannot both move it) and what the action needs; writes the event and queues notifications, all in
    one transaction. Raises UnknownAction, ActionForbidden, TransitionConflict or InvalidAction.
    """
    t = workflow.transition(action)
    if t is None:
        raise UnknownAction(f"未知操作「{action}」。")
    if not may_take(actor, application, t):
        raise ActionForbidden(f"您无权对该申报执行「{t.label}」。")
    comment = (comment or "").strip()
    data = dict(data or {})
    today = today or clock.today()
    with transaction.atomic():
        current = (
            Application.objects.select_related("policy", "clause", "company__profile")
            .filter(pk=application.pk)
            .first()
        )
        if current is None:
            raise UnknownAction("申报不存在。")
        if current.state not in t.sources:
            raise TransitionConflict(current.state, action)
        updates, event_data = _prepare(current, t, actor, comment, data, today)
        moved = Application.objects.filter(pk=current.pk, state=current.state).update(
            state=t.target, updated_at=timezone.now(), **updates
        )
        if moved == 0:
            now = Application.objects.filter(pk=current.pk).values_list("state", flat=True).first()
            raise TransitionConflict(now or current.state, action)
        messenger(
            current,
            actor,
            action,
            from_state=current.state,
            to_state=t.target,
            comment=comment,
            data=event_data,
            public=t.public,
            notify=t.notify,
        )
    application.refresh_from_db()
    return application


# --- the messenger ------------------------------------------------------------------------------------


def messenger(
    application: Application,
    actor: User | None,
    action: str,
    *,
    from_state: str,
    to_state: str,
    comment: str = "",
    data: Mapping[str, Any] | None = None,
    public: bool = True,
    notify: frozenset[str] = frozenset(),
) -> ApplicationEvent:
    """Record one event and queue its notifications after commit: every event and notice goes here."""
    event = ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        data=json.loads(json.dumps(dict(data or {}), cls=DjangoJSONEncoder)),
        is_public=public,
    )
    if notify:
        from outbox.services import enqueue

        with transaction.atomic():  # recorded with the event: a committed event is always notified
            enqueue("applications.notify_event", event.pk)
    return event


def _note(
    application: Application, actor: User, action: str, *, comment: str = "", data: Mapping[str, Any]
) -> ApplicationEvent:
    """Record an event that leaves the state as it is (an expert assigned, a review written)."""
    _label, public, notify = workflow.NOTE_ACTIONS[action]
    return messenger(
        application,
        actor,
        action,
        from_state=application.state,
        to_state=application.state,
        comment=comment,
        data=data,
        public=public,
        notify=notify,
    )


def event_recipients(event: ApplicationEvent) -> list[User]:
    """The users an event concerns (never its actor), from the workflow's notify sets."""
    application = event.application
    t = workflow.transition(event.action)
    if t is not None:
        notify = t.notify
    elif event.action in workflow.NOTE_ACTIONS:
        notify = workflow.NOTE_ACTIONS[event.action][2]
    else:
        notify = frozenset()
    users: dict[int, User] = {}
    if workflow.APPLICANT in notify:
        for user in User.objects.filter(companies=application.company_id, is_active=True):
            users[user.pk] = user
    if workflow.REVIEWERS in notify:
        for user in reviewers_for(application):
            users[user.pk] = user
    if workflow.EXPERTS in notify:
        experts = User.objects.filter(assignments__application=application, is_active=True)
        if event.action == "assign_expert" and event.data.get("expert"):
            experts = experts.filter(pk=event.data["expert"])
        for user in experts:
            users[user.pk] = user
    users.pop(event.actor_id, None)
    return list(users.values())


def reviewers_for(application: Application) -> list[User]:
    """Active reviewers of the policy's office (受理部门) or, as the fallback, of its region."""
    policy = application.policy
    reviewers = User.objects.filter(groups__name=Role.REVIEWER, is_active=True).distinct()
    return [user for user in reviewers if handles_policy(user, policy)]


def event_notify(event_id: int) -> int:
    """Deliver an event's in-site notifications and emails; returns how many users were told."""
    event = (
        ApplicationEvent.objects.select_related("application__company", "application__clause", "actor")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return 0
    application = event.application
    recipients = event_recipients(event)
    label = workflow.ACTION_LABELS.get(event.action, event.action)
    for user in recipients:
        staff = not user.is_enterprise or user.is_reviewer or user.is_expert or user.is_portal_admin
        state_name = workflow.staff_name(event.to_state) if staff else workflow.applicant_name(event.to_state)
        clause = clause_label(application.clause.number, application.clause.heading)
        title = f"申报「{clause}」{label}:{state_name}"
        lines = [
            f"企业:{application.company.name}",
            f"政策:{application.policy.title}",
            f"条款:{clause}",
            f"当前状态:{state_name}",
        ]
        if event.comment and (staff or event.is_public):
            lines.append(f"意见:{event.comment}")
        link = reverse("review:detail", args=[application.pk]) if staff else application_url(application)
        body = "\n".join(lines)
        Notification.objects.create(
            recipient=user, verb=f"application.{event.action}", title=title[:200], body=body, link=link
        )
        if user.email:
            try:
                send_mail(title, body + f"\n\n查看详情:{link}", None, [user.email])
            except Exception:  # a mail outage must not lose the in-site notification
                log.exception("could not email %s about event %s", user.pk, event.pk)
    return len(recipients)


def application_url(application: Application) -> str:
    """The applicant's page of an application."""
    return reverse("applications:detail", args=[application.pk])


# --- eligibility snapshot ----------------------------------------------------------------------------


def policy_json(policy: Policy) -> dict[str, Any]:
    """The policy in the shape of INGEST_JSON.md (plus ids), as plain JSON values."""
    from policies.serializers import PolicySerializer

    policy = Policy.objects.prefetch_related(
        Prefetch("clauses", queryset=Clause.objects.order_by("order").prefetch_related("benefits"))
    ).get(pk=policy.pk)
    return json.loads(json.dumps(PolicySerializer(policy).data, cls=DjangoJSONEncoder))


def clause_match(clause: Clause, profile: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """The engine's result for one clause and one profile, as JSON (status "error" if it cannot match)."""
    from eligibility.engine import ConditionError, match_clause

    policy = policy_json(clause.policy)
    data = next((c for c in policy["clauses"] if c["id"] == clause.pk), None)
    if data is None:
        return {"status": "error", "error": "条款不存在"}
    try:
        result = match_clause(data, policy, dict(profile), as_of=today)
    except (ConditionError, ValueError, TypeError) as error:
        return {"status": "error", "error": str(error)}
    return json.loads(json.dumps(result.to_dict(), cls=DjangoJSONEncoder, ensure_ascii=False))


def eligibility_snapshot(application: Application, today: dt.date) -> dict[str, Any]:
    """The frozen eligibility: the match result plus the profile it was computed from."""
    profile_obj = getattr(application.company, "profile", None)
    profile = dict(profile_obj.data) if profile_obj else {}
    facts = dict(profile.get("facts") or {})
    if application.project_investment_yuan:
        facts["project_investment_yuan"] = application.project_investment_yuan
        profile["facts"] = facts
    result = clause_match(application.clause, profile, today)
    return {
        **result,
        "as_of": today.isoformat(),
        "profile": profile,
        "profile_version": profile_obj.version if profile_obj else None,
        "frozen_at": timezone.now().isoformat(),
    }


def needs_project_investment(clause: Clause) -> bool:
    """Whether a benefit of the clause is a ratio of the project investment."""
    from eligibility.engine.estimate import base_fact

    return any(
        b.ratio is not None and base_fact(b.base) == "project_investment_yuan" for b in clause.benefits.all()
    )


# --- drafts -------------------------------------------------------------------------------------------


DRAFT_FIELDS = ("requested_amount_yuan", "project_description", "project_investment_yuan")


def _check_draft_fields(clause: Clause, fields: Mapping[str, Any]) -> None:
    errors = rules.draft_errors(clause, {k: fields[k] for k in DRAFT_FIELDS if k in fields})
    if errors:
        raise InvalidAction("；".join(errors.values()), field_errors=errors)


def application_create(
    *, company: Company, clause: Clause, applicant: User, fields: Mapping[str, Any]
) -> Application:
    """Save a new draft for one clause of a published policy; one open application per company and clause."""
    if not applicant.has_role(Role.ENTERPRISE) or not is_member(applicant, company.pk):
        raise ActionForbidden("只有该企业的成员可以申报。")
    refusal = applying_refusal(clause.policy)
    if refusal:
        raise InvalidAction(refusal, field_errors={"clause": refusal})
    if Application.objects.open().filter(company=company, clause=clause).exists():
        raise InvalidAction(
            "该企业已有此条款的进行中申报。", field_errors={"clause": "该企业已有此条款的进行中申报。"}
        )
    _check_draft_fields(clause, fields)
    application = Application(
        company=company,
        clause=clause,
        policy_id=clause.policy_id,
        applicant=applicant,
        **{k: fields.get(k) for k in DRAFT_FIELDS if k in fields},
    )
    if application.project_description is None:
        application.project_description = ""
    try:
        with transaction.atomic():
            application.save()
            messenger(
                application,
                applicant,
                "create",
                from_state=workflow.DRAFT,
                to_state=workflow.DRAFT,
                public=True,
            )
    except IntegrityError as error:
        raise InvalidAction(
            "该企业已有此条款的进行中申报。", field_errors={"clause": "该企业已有此条款的进行中申报。"}
        ) from error
    return application


def application_update_draft(application: Application, actor: User, fields: Mapping[str, Any]) -> Application:
    """Change a draft or a returned application (its company's members only)."""
    if not is_member(actor, application.company_id):
        raise ActionForbidden("只有该企业的成员可以修改申报。")
    values = {k: fields.get(k) for k in DRAFT_FIELDS if k in fields}
    _check_draft_fields(application.clause, values)
    if values.get("project_description") is None and "project_description" in values:
        values["project_description"] = ""
    updated = Application.objects.filter(pk=application.pk, state__in=workflow.EDITABLE_STATES).update(
        updated_at=timezone.now(), **values
    )
    if not updated:
        current = Application.objects.filter(pk=application.pk).values_list("state", flat=True).first()
        raise TransitionConflict(current or application.state, "edit")
    application.refresh_from_db()
    return application


# --- attachments ----------------------------------------------------------------------------------------


def attachment_add(application: Application, actor: User, upload, description: str = "") -> Attachment:
    """Attach a checked file (type by extension and content, size) to an editable application."""
    if not is_member(actor, application.company_id):
        raise ActionForbidden("只有该企业的成员可以上传附件。")
    if application.state not in workflow.EDITABLE_STATES:
        raise InvalidAction("申报已提交,不能再上传附件;如需补充材料,请等待退回补正。")
    description = (description or "").strip()
    if len(description) > 200:
        message = f"附件说明不超过200个字(现为{len(description)}个字)。"
        raise InvalidAction(message, field_errors={"description": message})
    upload.name = clean_name(upload.name or "")
    try:
        content_type = check_upload(upload)
    except ValidationError as error:
        raise InvalidAction(error.messages[0], field_errors={"file": error.messages[0]}) from error
    return Attachment.objects.create(
        application=application,
        file=upload,
        original_name=upload.name[:255],
        size=upload.size,
        content_type=content_type,
        description=description,
        uploaded_by=actor,
    )


# --- experts and reviews --------------------------------------------------------------------------------


def expert_assign(application: Application, actor: User, expert: User) -> Assignment:
    """Assign an expert to the application (reviewers of its region and admins)."""
    if not staff_may_act(actor, application):
        raise ActionForbidden("您无权为该申报分配专家。")
    if not expert.has_role(Role.EXPERT):
        raise InvalidAction("所选用户不是评审专家。", field_errors={"expert": "所选用户不是评审专家。"})
    if application.state not in (workflow.PRELIMINARY_REVIEW, workflow.EXPERT_REVIEW, workflow.ACCEPTED):
        raise TransitionConflict(application.state, "assign_expert")
    with transaction.atomic():
        assignment, created = Assignment.objects.get_or_create(
            application=application, expert=expert, defaults={"assigned_by": actor}
        )
        if created:
            _note(application, actor, "assign_expert", data={"expert": expert.pk, "expert_name": str(expert)})
    return assignment


def review_criteria(policy: Policy) -> list[tuple[str, int]]:
    """The policy's scoring criteria as (name, max score); the defaults when it sets none."""
    rows = list(policy.review_criteria.values_list("name", "max_score"))
    return rows or [(name, 100) for name in workflow.DEFAULT_REVIEW_CRITERIA]


def review_submit(
    application: Application,
    expert: User,
    *,
    scores: Mapping[str, Any],
    recommendation: str,
    comment: str,
    reduced_amount_yuan: int | None = None,
) -> Review:
    """Record an assigned expert's review during expert review; reviews are never changed afterwards."""
    if not expert.has_role(Role.EXPERT) or not application.assignments.filter(expert=expert).exists():
        raise ActionForbidden("只有被分配的评审专家可以提交评审意见。")
    if application.reviews.filter(expert=expert).exists():
        raise ReviewExists()
    if application.state != workflow.EXPERT_REVIEW:
        raise TransitionConflict(application.state, "expert_review")
    errors: dict[str, str] = {}
    clean: dict[str, int] = {}
    for name, top in review_criteria(application.policy):
        value = (scores or {}).get(name)
        try:
            number = int(value)
        except (TypeError, ValueError):
            errors[name] = f"请为「{name}」打分(0-{top})。"
            continue
        if not 0 <= number <= top:
            errors[name] = f"「{name}」的分数应在0到{top}之间。"
            continue
        clean[name] = number
    if recommendation not in Review.Recommendation.values:
        errors["recommendation"] = "请选择评审建议。"
    reduced = None
    if recommendation == Review.Recommendation.SUPPORT_REDUCED:
        reduced = _int_field(
            {"reduced_amount_yuan": reduced_amount_yuan}, "reduced_amount_yuan", "核减后建议金额", errors
        )
        requested = application.requested_amount_yuan
        if reduced is not None and requested and reduced >= requested:
            errors["reduced_amount_yuan"] = (
                f"核减后建议金额应低于申请金额{format_yuan(requested)};不核减请选择「建议支持」。"
            )
    comment = (comment or "").strip()
    if not comment:
        errors["comment"] = "请填写评审意见。"
    if errors:
        raise InvalidAction("；".join(errors.values()), field_errors=errors)
    with transaction.atomic():
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    application=application,
                    expert=expert,
                    scores=clean,
                    total_score=sum(clean.values()),
                    recommendation=recommendation,
                    reduced_amount_yuan=reduced,
                    comment=comment,
                    revision=application.revision,
                )
        except IntegrityError as error:  # a second submission racing the first: the database refuses it
            raise ReviewExists() from error
        _note(
            application,
            expert,
            "expert_review",
            comment=comment,
            data={
                "review": review.pk,
                "total_score": review.total_score,
                "recommendation": recommendation,
                "reduced_amount_yuan": reduced,
            },
        )
    return review
