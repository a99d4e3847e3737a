"""Fixtures for the eligibility app: small policy factories and enterprise users with companies."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from accounts.roles import Role
from eligibility.credit_code import check_char
from eligibility.models import Company
from eligibility.services import company_register
from policies.models import Benefit, Clause, Policy

_codes = itertools.count(1)

BEIJING_CHAOYANG = {"province": "北京市", "city": "北京市", "district": "朝阳区"}
CHANGCHUN_CHAOYANG = {"province": "吉林省", "city": "长春市", "district": "朝阳区"}


def credit_code() -> str:
    """A fresh, valid 统一社会信用代码."""
    first17 = f"9111010{next(_codes):010d}"
    return first17 + check_char(first17)


def make_policy(*clauses: dict[str, Any], status: str = Policy.Status.PUBLISHED, **fields: Any) -> Policy:
    """A policy (北京市朝阳区 unless told) with clauses; a clause dict may carry ``benefits``."""
    values = {
        "title": "朝阳区关于支持数字经济发展的若干措施",
        "province": "北京市",
        "city": "北京市",
        "region": "朝阳区",
        "status": status,
        **fields,
    }
    policy = Policy.objects.create(**values)
    for order, spec in enumerate(clauses):
        spec = dict(spec)
        benefits = spec.pop("benefits", [])
        spec.setdefault("number", f"第{order + 3}条")
        spec.setdefault("heading", f"支持措施{order + 1}")
        spec.setdefault(
            "text", f"对符合条件的企业给予最高{(spec.get('max_amount_yuan') or 0) // 10000}万元支持。"
        )
        spec.setdefault("kind", Clause.Kind.SUPPORT)
        clause = Clause.objects.create(policy=policy, order=order, **spec)
        for benefit in benefits:
            Benefit.objects.create(clause=clause, **benefit)
    return policy


def money_clause(cap: int, conditions: dict | None = None, **fields: Any) -> dict[str, Any]:
    """A support clause paying up to ``cap`` yuan."""
    return {
        "max_amount_yuan": cap,
        "amounts_yuan": [cap],
        "conditions": conditions or {},
        "benefits": [{"kind": "grant", "cap_yuan": cap}],
        **fields,
    }


@pytest.fixture
def enterprise(make_user):
    """enterprise(profile=..., **user_fields) -> (user, company) with that profile stored."""

    def make(profile: dict[str, Any] | None = None, **fields: Any) -> tuple[Any, Company]:
        user = make_user(Role.ENTERPRISE, **fields)
        company = company_register(credit_code=credit_code(), name=f"{user.username}科技有限公司", owner=user)
        if profile is not None:
            company.profile.data = {**profile, "credit_code": company.credit_code, "name": company.name}
            company.profile.save()
        return user, company

    return make


STORE_QUESTION = {"kind": "declaration", "key": "flagship_store", "question": "贵企业是否开设了旗舰店?",
                  "answer_type": "bool", "text": "开设旗舰店的", "span": [0, 6], "modelled": False}  # fmt: skip


@pytest.fixture
def store_board(enterprise):
    """(policy, user, company): a 朝阳 company matched against a 旗舰店 question clause and a plain one."""
    from eligibility.services import rematch_company

    policy = make_policy(
        money_clause(2_000_000, requirements=[STORE_QUESTION], heading="旗舰店补助"),
        money_clause(100_000, {"fact": "employees", "op": "gte", "value": 50}, heading="普惠支持"),
        title="朝阳区商贸支持办法",
    )
    user, company = enterprise({**BEIJING_CHAOYANG, "employees": 80})
    rematch_company(company.pk)
    return policy, user, company
