"""The application workflow as data: states, transitions, who may take them; see DESIGN.md.

Nothing here touches the database: ``applications.services.application_transition`` enforces it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from accounts.roles import Role

# Who is told about a transition (besides the actor): see services.event_recipients.
APPLICANT = "applicant"
REVIEWERS = "reviewers"
EXPERTS = "experts"


@dataclass(frozen=True, slots=True)
class State:
    """One state: its code, the name staff see and the name the applicant sees."""

    code: str
    staff_name: str
    applicant_name: str
    is_open: bool = True  # counts against "one open application per company per clause"
    is_review: bool = False  # a review stage (reject is possible; shown in the reviewer queue)


@dataclass(frozen=True, slots=True)
class Transition:
    """One action: from which states to which, who may take it, what it needs and who hears of it."""

    action: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[Role]
    comment_required: bool = False
    public: bool = True  # shown on the applicant's timeline, comment included
    notify: frozenset[str] = frozenset()
    due_working_days: int | None = None  # the next deadline, counted from the day of the transition
    fields: tuple[str, ...] = ()  # action data the service reads (see services)
    confirm: str = ""  # pages ask this question first (the action cannot be undone)


DRAFT = "draft"
SUBMITTED = "submitted"
RETURNED = "returned"
WITHDRAWN = "withdrawn"
ACCEPTED = "accepted"
PRELIMINARY_REVIEW = "preliminary_review"
EXPERT_REVIEW = "expert_review"
PUBLICITY = "publicity"
APPROVED = "approved"
REJECTED = "rejected"
DISBURSED = "disbursed"

STATES: dict[str, State] = {
    s.code: s
    for s in (
        State(DRAFT, "草稿", "草稿(未提交)"),
        State(SUBMITTED, "待受理", "已提交,等待受理", is_review=True),
        State(RETURNED, "退回补正", "需要补正材料"),
        State(WITHDRAWN, "已撤回", "已撤回", is_open=False),
        State(ACCEPTED, "已受理", "已受理,审核中", is_review=True),
        State(PRELIMINARY_REVIEW, "初审中", "审核中", is_review=True),
        State(EXPERT_REVIEW, "专家评审中", "审核中", is_review=True),
        State(PUBLICITY, "公示中", "审核通过,公示中", is_review=True),
        State(APPROVED, "已批准", "已批准,等待拨付"),
        State(REJECTED, "未通过", "未通过", is_open=False),
        State(DISBURSED, "已拨付", "资金已拨付", is_open=False),
    )
}
STATE_CHOICES: list[tuple[str, str]] = [(s.code, s.staff_name) for s in STATES.values()]
OPEN_STATES: tuple[str, ...] = tuple(code for code, s in STATES.items() if s.is_open)
REVIEW_STATES: tuple[str, ...] = tuple(code for code, s in STATES.items() if s.is_review)
EDITABLE_STATES: tuple[str, ...] = (DRAFT, RETURNED)
# The stages that follow expert review (an expert opening such a case is told it is over, not "not yet").
AFTER_EXPERT_REVIEW: tuple[str, ...] = (PUBLICITY, APPROVED, DISBURSED)

APPLICANT_ROLES = frozenset({Role.ENTERPRISE})
STAFF_ROLES = frozenset({Role.REVIEWER, Role.ADMIN})

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "submit",
            "提交申报",
            frozenset({DRAFT, RETURNED}),
            SUBMITTED,
            APPLICANT_ROLES,
            notify=frozenset({REVIEWERS}),
            due_working_days=5,
        ),
        Transition(
            "withdraw",
            "撤回申报",
            frozenset({DRAFT, SUBMITTED, RETURNED}),
            WITHDRAWN,
            APPLICANT_ROLES,
            notify=frozenset({REVIEWERS}),
            confirm="撤回后本申报即告终止,不能恢复;如需再次申报,须重新填写并提交。确定撤回吗?",
        ),
        Transition(
            "accept",
            "受理",
            frozenset({SUBMITTED}),
            ACCEPTED,
            STAFF_ROLES,
            notify=frozenset({APPLICANT}),
            due_working_days=5,
        ),
        Transition(
            "return",
            "退回补正",
            frozenset({SUBMITTED, ACCEPTED, PRELIMINARY_REVIEW}),
            RETURNED,
            STAFF_ROLES,
            comment_required=True,
            notify=frozenset({APPLICANT}),
            due_working_days=10,
        ),
        Transition(
            "start_review",
            "开始初审",
            frozenset({ACCEPTED}),
            PRELIMINARY_REVIEW,
            STAFF_ROLES,
            public=False,
            due_working_days=10,
        ),
        Transition(
            "pass_preliminary",
            "初审通过,转专家评审",
            frozenset({PRELIMINARY_REVIEW}),
            EXPERT_REVIEW,
            STAFF_ROLES,
            public=False,
            notify=frozenset({EXPERTS}),
            due_working_days=10,
        ),
        Transition(
            "conclude_expert",
            "结束评审,进入公示",
            frozenset({EXPERT_REVIEW}),
            PUBLICITY,
            STAFF_ROLES,
            notify=frozenset({APPLICANT}),
            fields=("publicity_days", "publicity_ends_on", "proposed_amount_yuan"),
        ),
        Transition(
            "approve",
            "批准",
            frozenset({PUBLICITY}),
            APPROVED,
            STAFF_ROLES,
            notify=frozenset({APPLICANT}),
            fields=("approved_amount_yuan",),
        ),
        Transition(
            "reject",
            "不予支持",
            frozenset(REVIEW_STATES),
            REJECTED,
            STAFF_ROLES,
            comment_required=True,
            notify=frozenset({APPLICANT}),
        ),
        Transition(
            "disburse",
            "登记拨付",
            frozenset({APPROVED}),
            DISBURSED,
            STAFF_ROLES,
            notify=frozenset({APPLICANT}),
            fields=("disbursed_amount_yuan", "disbursed_on"),
        ),
    )
}

ACTIONS: tuple[str, ...] = tuple(TRANSITIONS)

# Events that record something beside the state (the state stays): written by the same messenger.
NOTE_ACTIONS: dict[str, tuple[str, bool, frozenset[str]]] = {
    # action: (label, public, notify)
    "assign_expert": ("分配评审专家", False, frozenset({EXPERTS})),
    "expert_review": ("提交专家评审意见", False, frozenset({REVIEWERS})),
}

ACTION_LABELS: dict[str, str] = {
    **{a: t.label for a, t in TRANSITIONS.items()},
    **{a: label for a, (label, _, _) in NOTE_ACTIONS.items()},
    "create": "创建申报",
}

DEFAULT_PUBLICITY_WORKING_DAYS = 5

DEFAULT_REVIEW_CRITERIA: tuple[str, ...] = ("技术先进性", "经济效益", "实施可行性")


def state(code: str) -> State:
    """The state of that code (KeyError for an unknown one)."""
    return STATES[code]


def staff_name(code: str) -> str:
    """The name staff see for a state code."""
    return STATES[code].staff_name if code in STATES else code


def applicant_name(code: str) -> str:
    """The name the applicant sees for a state code."""
    return STATES[code].applicant_name if code in STATES else code


def transition(action: str) -> Transition | None:
    """The transition of that action, or None."""
    return TRANSITIONS.get(action)


def transitions_from(code: str) -> list[Transition]:
    """Every transition whose sources include that state, in declaration order."""
    return [t for t in TRANSITIONS.values() if code in t.sources]


def role_may(user, t: Transition) -> bool:
    """Whether the user holds a role that may take the transition."""
    return bool(user and user.is_authenticated and any(user.has_role(r) for r in t.roles))


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days (Monday to Friday) after ``start``."""
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current
