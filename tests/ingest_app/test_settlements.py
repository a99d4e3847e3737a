"""Admins settle requirement phrases on the review page; settlements survive re-ingest and new versions."""

import pytest
from django.urls import reverse

from ingest import services
from ingest.models import RequirementSettlement
from policies.models import Clause, Policy

from .docs import POLICY_V1, POLICY_V2

pytestmark = pytest.mark.django_db


def ingest(text: str, name: str, user, publish: bool = False) -> Policy:
    document, _ = services.document_store(text.encode(), name, user)
    run = services.ingest_document(document, publish=publish, user=user)
    assert run.status == "succeeded", run.error
    return Policy.objects.get(source_document=document)


def clause(policy: Policy, phrase: str) -> Clause:
    return next(c for c in policy.clauses.all() if any(r["text"] == phrase for r in c.requirements))


def requirement(c: Clause, phrase: str) -> tuple[int, dict]:
    c.refresh_from_db()
    return next((i, r) for i, r in enumerate(c.requirements) if r["text"] == phrase)


def settle(client, c: Clause, index: int, **data):
    return client.post(reverse("ingest:settle", args=[c.pk, index]), data)


LISTED = "对在境内外上市的企业"
TALENT = "对引进高端人才的企业"


def test_a_fact_settlement_adds_a_checked_condition_and_reads_300wan(admin, admin_client):
    policy = ingest(POLICY_V1, "v1.txt", admin)
    c = clause(policy, TALENT)
    index, _ = requirement(c, TALENT)
    version = c.version
    response = settle(
        admin_client, c, index, kind="fact", fact="registered_capital_yuan", op="gte", value="300万"
    )
    assert response.status_code == 302
    _, r = requirement(c, TALENT)
    leaf = {"fact": "registered_capital_yuan", "op": "gte", "value": 3_000_000}
    assert r["kind"] == "fact" and r["condition"] == leaf and r["modelled"] is True
    assert leaf not in c.conditions.get("all", [])  # the engine ANDs the requirement's condition itself
    assert c.version == version + 1
    body = admin_client.get(reverse("ingest:review", args=[policy.pk])).content.decode()
    assert "已人工处理" in body


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "fact", "fact": "registered_capital_yuan", "op": "gte", "value": "很多"}, "取值应为数字"),
        ({"kind": "fact", "fact": "registered_capital_yuan", "op": "contains", "value": "1"}, "只能使用"),
        ({"kind": "fact", "fact": "", "op": "gte", "value": "1"}, "请选择画像中的一项事实"),
        ({"kind": "fact", "fact": "entity_type", "op": "eq", "value": "外星人"}, "不是“主体类型”的可选值"),
        ({"kind": "declaration", "question": ""}, "请填写向企业提出的问题"),
        ({"kind": "declaration", "question": "投资额多少?", "answer_type": "number"}, "请填写单位"),
        (
            {"kind": "declaration", "question": "面积多少?", "answer_type": "number", "unit": "平方米"},
            "请选择比较方式",
        ),
        ({}, "请选择处理方式"),
    ],
)
def test_wrong_settlements_are_refused_in_chinese_and_keep_what_was_typed(admin, admin_client, data, message):
    policy = ingest(POLICY_V1, "v1.txt", admin)
    c = clause(policy, TALENT)
    index, before = requirement(c, TALENT)
    response = settle(admin_client, c, index, **data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    for value in data.values():
        if value and value not in ("fact", "declaration", "gte", "eq", "contains", "number"):
            assert f'value="{value}"' in body
    assert requirement(c, TALENT)[1] == before
    assert not RequirementSettlement.objects.exists()


def test_a_declaration_review_and_none_settle_the_kind_and_survive_reingest(admin, admin_client):
    policy = ingest(POLICY_V1, "v1.txt", admin, publish=True)
    talent, listed = clause(policy, TALENT), clause(policy, LISTED)
    settle(
        admin_client,
        talent,
        requirement(talent, TALENT)[0],
        kind="declaration",
        question="贵企业近一年是否引进了高端人才?",
        answer_type="bool",
        key="hires_top_talent",
    )
    settle(admin_client, listed, requirement(listed, LISTED)[0], kind="review")
    _, r = requirement(talent, TALENT)
    assert (r["kind"], r["key"], r["question"]) == (
        "declaration",
        "hires_top_talent",
        "贵企业近一年是否引进了高端人才?",
    )
    assert requirement(listed, LISTED)[1]["kind"] == "review"
    # the same file again: the pipeline runs anew and the settlements are laid over again
    services.ingest_document(policy.source_document, user=admin)
    assert requirement(talent, TALENT)[1]["key"] == "hires_top_talent"
    assert requirement(listed, LISTED)[1]["kind"] == "review"
    # changing the settlement replaces it (no stale question)
    settle(admin_client, listed, requirement(listed, LISTED)[0], kind="none")
    assert requirement(listed, LISTED)[1]["kind"] == "none"
    assert RequirementSettlement.objects.count() == 2


def test_settlements_apply_to_a_new_version_where_the_phrase_is_unchanged(admin, admin_client):
    v1 = ingest(POLICY_V1, "v1.txt", admin, publish=True)
    c = clause(v1, LISTED)
    settle(
        admin_client, c, requirement(c, LISTED)[0], kind="fact", fact="above_designated_size", op="is_true"
    )
    v2 = ingest(POLICY_V2, "v2.txt", admin)
    assert v2.previous_version == v1
    c2 = clause(v2, LISTED)
    _, r = requirement(c2, LISTED)
    assert r["kind"] == "fact" and r["condition"] == {"fact": "above_designated_size", "op": "is_true"}
    # a phrase the new version does not share is untouched
    opensource = clause(v2, "对主导开源项目的企业")
    assert "kind" not in requirement(opensource, "对主导开源项目的企业")[1] or not requirement(
        opensource, "对主导开源项目的企业"
    )[1].get("settled")


def test_a_number_declaration_carries_its_comparison(admin, admin_client):
    policy = ingest(POLICY_V1, "v1.txt", admin)
    c = clause(policy, TALENT)
    settle(
        admin_client,
        c,
        requirement(c, TALENT)[0],
        kind="declaration",
        question="贵企业近一年引进的高端人才有多少人?",
        answer_type="number",
        unit="人",
        op="gte",
        value="3",
        key="top_talent_count",
    )
    _, r = requirement(c, TALENT)
    assert (r["answer_type"], r["unit"], r["op"], r["value"]) == ("number", "人", "gte", 3)


def test_the_matcher_obeys_a_settlement(admin, admin_client, make_user):
    from accounts.roles import Role
    from eligibility.models import MatchResult
    from eligibility.services import company_register, rematch_company

    policy = ingest(POLICY_V1, "v1.txt", admin, publish=True)
    c = clause(policy, TALENT)
    owner = make_user(Role.ENTERPRISE, username="settle-qiye")
    company = company_register(credit_code="91110105MA01C8L437", name="北京某某科技有限公司", owner=owner)
    company.profile.data.update(
        province="北京市", city="北京市", district="朝阳区", entity_type="enterprise",
        registered_capital_yuan=5_000_000,
    )  # fmt: skip
    company.profile.save()

    def status() -> str:
        rematch_company(company.pk)
        return MatchResult.objects.get(company=company, clause=c).status

    assert status() == "possible"
    settle(
        admin_client,
        c,
        requirement(c, TALENT)[0],
        kind="fact",
        fact="registered_capital_yuan",
        op="gte",
        value="300万",
    )
    assert status() == "eligible"
    settle(
        admin_client,
        c,
        requirement(c, TALENT)[0],
        kind="fact",
        fact="registered_capital_yuan",
        op="gte",
        value="1000万",
    )
    assert status() == "ineligible"
    settle(admin_client, c, requirement(c, TALENT)[0], kind="review")
    assert status() == "eligible"


def test_the_key_the_extractor_gave_is_kept_when_the_admin_rewords_the_question(admin, admin_client):
    policy = ingest(POLICY_V1, "v1.txt", admin)
    c = clause(policy, TALENT)
    index, _ = requirement(c, TALENT)
    response = settle(
        admin_client, c, index, kind="declaration", question="贵企业是否引进了高端人才?", key="req:1234abcd"
    )
    assert response.status_code == 302
    assert requirement(c, TALENT)[1]["key"] == "req:1234abcd"
