"""Fixtures for applications: a small world of two companies, reviewers of two regions, experts, an admin."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from accounts.roles import Role
from applications import workflow
from applications.models import Application

from .factories import ApplicationFactory, AssignmentFactory, ClauseFactory, CompanyFactory, ReviewFactory

TODAY = dt.date(2026, 6, 10)  # a Wednesday


@dataclass
class World:
    clause: Any
    company_a: Any
    company_b: Any
    user_a: Any
    user_b: Any
    reviewer: Any  # 北京市朝阳区, the policy's region
    reviewer_other: Any  # 北京市海淀区
    expert: Any
    expert_other: Any
    admin: Any

    def application(
        self, state: str = workflow.DRAFT, *, company=None, assign: bool = True, **fields
    ) -> Application:
        """An application of company A (or ``company``) for a fresh clause of the policy, in ``state``."""
        company = company or self.company_a
        applicant = self.user_a if company == self.company_a else self.user_b
        if state == workflow.PUBLICITY:
            fields.setdefault("publicity_ends_on", TODAY - dt.timedelta(days=1))
        if state == workflow.APPROVED:
            fields.setdefault("approved_amount_yuan", 400_000)
        if state not in (workflow.DRAFT,):
            fields.setdefault("revision", 1)
        # A draft starts without attachments; anything submitted has its 申报书 (submission needs one).
        fields.setdefault("attachments", 0 if state == workflow.DRAFT else 1)
        clause = fields.pop("clause", None) or ClauseFactory(policy=self.clause.policy)
        application = ApplicationFactory(
            company=company, clause=clause, applicant=applicant, state=state, **fields
        )
        if assign:
            AssignmentFactory(application=application, expert=self.expert, assigned_by=self.reviewer)
        if state == workflow.EXPERT_REVIEW:
            ReviewFactory(application=application, expert=self.expert)
        return application


@pytest.fixture
def world(make_user) -> World:
    user_a = make_user(Role.ENTERPRISE, username="qiye-a", email="a@example.com")
    user_b = make_user(Role.ENTERPRISE, username="qiye-b", email="b@example.com")
    return World(
        clause=ClauseFactory(),
        company_a=CompanyFactory(members=[user_a], name="北京甲科技有限公司"),
        company_b=CompanyFactory(members=[user_b], name="北京乙科技有限公司"),
        user_a=user_a,
        user_b=user_b,
        reviewer=make_user(
            Role.REVIEWER, username="shenhe", province="北京市", city="北京市", district="朝阳区",
            email="shenhe@example.com",
        ),
        reviewer_other=make_user(
            Role.REVIEWER, username="shenhe-haidian", province="北京市", city="北京市", district="海淀区"
        ),
        expert=make_user(Role.EXPERT, username="zhuanjia", email="zhuanjia@example.com"),
        expert_other=make_user(Role.EXPERT, username="zhuanjia-2"),
        admin=make_user(Role.ADMIN, username="guanli"),
    )  # fmt: skip
