"""Declarations: a company's own answers, stored once per key, editable and kept in the profile history."""

import pytest

from eligibility import selectors, services
from eligibility.models import Declaration, ProfileChange

from .conftest import BEIJING_CHAOYANG, make_policy, money_clause

pytestmark = pytest.mark.django_db

SHOP = {
    "kind": "declaration",
    "key": "opens_flagship_store",
    "question": "贵企业是否开设旗舰店?",
    "text": "开设旗舰店的",
    "span": [0, 6],
    "modelled": False,
}
INVEST = {
    "kind": "declaration",
    "key": "equipment_investment",
    "question": "贵企业本年度采购设备总金额是多少?",
    "answer_type": "number",
    "unit": "元",
    "text": "采购设备总金额达到500万元",
    "span": [0, 12],
    "modelled": False,
}


@pytest.fixture
def asked():
    """Two policies whose clauses ask the same flagship question, one asking a number."""
    make_policy(money_clause(500_000, requirements=[SHOP]), money_clause(300_000, requirements=[INVEST]))
    make_policy(money_clause(800_000, requirements=[dict(SHOP, question="是否开设旗舰店")]), title="另一政策")
    return selectors.declaration_questions()


def test_the_catalogue_lists_each_key_once_with_its_type(asked):
    assert set(asked) == {"opens_flagship_store", "equipment_investment"}
    assert asked["opens_flagship_store"]["answer_type"] == "bool"
    assert asked["equipment_investment"] == {
        "key": "equipment_investment",
        "question": "贵企业本年度采购设备总金额是多少?",
        "answer_type": "number",
        "unit": "元",
    }


def test_an_answer_is_stored_once_recorded_in_history_and_given_to_the_matcher(enterprise, asked):
    user, company = enterprise(BEIJING_CHAOYANG)
    version = company.profile.version
    change = services.declarations_answer(
        company, {"opens_flagship_store": "是", "equipment_investment": "600万"}, user, questions=asked
    )
    company.profile.refresh_from_db()
    assert company.profile.data["declarations"] == {
        "opens_flagship_store": True,
        "equipment_investment": 6_000_000,
    }
    assert company.profile.version == version + 1
    assert change.changes == {
        "declarations.opens_flagship_store": [None, True],
        "declarations.equipment_investment": [None, 6_000_000],
    }
    assert Declaration.objects.filter(company=company).count() == 2
    lines = {line.label: (line.old, line.new) for line in selectors.profile_history(company)[0][1]}
    assert lines["声明:贵企业是否开设旗舰店?"] == ("未回答", "是")
    assert lines["声明:贵企业本年度采购设备总金额是多少?"] == ("未回答", "600万元")


def test_editing_and_clearing_an_answer(enterprise, asked):
    user, company = enterprise(BEIJING_CHAOYANG)
    services.declarations_answer(company, {"opens_flagship_store": True}, user, questions=asked)
    assert (
        services.declarations_answer(company, {"opens_flagship_store": "是"}, user, questions=asked) is None
    )
    change = services.declarations_answer(company, {"opens_flagship_store": "否"}, user, questions=asked)
    assert change.changes == {"declarations.opens_flagship_store": [True, False]}
    assert Declaration.objects.get(company=company).value is False
    change = services.declarations_answer(company, {"opens_flagship_store": ""}, user, questions=asked)
    assert change.changes == {"declarations.opens_flagship_store": [False, None]}
    company.profile.refresh_from_db()
    assert "declarations" not in company.profile.data
    assert not Declaration.objects.filter(company=company).exists()
    assert ProfileChange.objects.filter(company=company).count() == 3


@pytest.mark.parametrize(
    "answers, message",
    [
        ({"no_such_question": True}, "没有这个问题"),
        ({"opens_flagship_store": "也许"}, "只能回答“是”或“否”"),
        ({"equipment_investment": "很多"}, "应为不小于 0 的数字"),
        ({"equipment_investment": True}, "应为数字"),
        ({"equipment_investment": "-5"}, "应为不小于 0 的数字"),
    ],
)
def test_wrong_answers_are_refused_in_chinese_and_nothing_is_stored(enterprise, asked, answers, message):
    user, company = enterprise(BEIJING_CHAOYANG)
    with pytest.raises(services.DeclarationError) as info:
        services.declarations_answer(company, answers, user, questions=asked)
    assert message in info.value.reason
    company.profile.refresh_from_db()
    assert "declarations" not in company.profile.data and not Declaration.objects.exists()


def test_saving_the_profile_keeps_the_declarations(enterprise, asked):
    user, company = enterprise(BEIJING_CHAOYANG)
    services.declarations_answer(company, {"opens_flagship_store": True}, user, questions=asked)
    data = {k: v for k, v in company.profile.data.items() if k != "declarations"}
    services.profile_update(company, {**data, "employees": 50, "declarations": {"x": 1}}, user)
    company.profile.refresh_from_db()
    assert company.profile.data["declarations"] == {"opens_flagship_store": True}
    assert company.profile.data["employees"] == 50
