"""The profile form: saving, unknown vs false vs 0, Chinese validation, history."""

from __future__ import annotations

import pytest

from eligibility.models import CompanyProfile, ProfileChange
from eligibility.services import profile_update

pytestmark = pytest.mark.django_db

URL = "/me/profile/"


def post_data(**fields):
    """A complete POST of the profile form (empty = unknown) with ``fields`` filled in."""
    data = {
        "q-TOTAL_FORMS": "2",
        "q-INITIAL_FORMS": "0",
        "q-MIN_NUM_FORMS": "0",
        "q-MAX_NUM_FORMS": "30",
    }
    data.update({k: str(v) for k, v in fields.items()})
    return data


def stored(company) -> dict:
    return CompanyProfile.objects.get(company=company).data


def test_form_shows_units_questions_and_empty_means_unknown(client, enterprise):
    user, _ = enterprise()
    client.force_login(user)
    body = client.get(URL).content.decode()
    assert "从业人数(人)" in body
    assert "上年度营业收入(元)" in body
    assert "贵单位上一年度营业收入是多少?" in body
    assert "留空表示“未知”" in body
    assert 'id="qualifications"' in body


def test_saving_keeps_unknown_false_and_zero_apart(client, enterprise, django_capture_on_commit_callbacks):
    user, company = enterprise()
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL,
            post_data(
                province="北京市", city="北京市", district="朝阳区", employees=0, credit_good="no",
                revenue_last_year_yuan="", above_designated_size="", registered_capital_yuan="500万",
                industries="人工智能、数字人", project_investment_yuan="6,000,000",
            ),
        )  # fmt: skip
    assert response.status_code == 302
    data = stored(company)
    assert data["employees"] == 0
    assert data["credit_good"] is False
    assert "revenue_last_year_yuan" not in data  # empty: unknown, not 0
    assert "above_designated_size" not in data  # unknown, not false
    assert "major_penalty_3y" not in data
    assert data["registered_capital_yuan"] == 5_000_000
    assert data["industries"] == ["人工智能", "数字人"]
    assert data["facts"] == {"project_investment_yuan": 6_000_000}
    assert data["credit_code"] == company.credit_code and data["name"] == company.name
    assert "qualifications" not in data and "zones" not in data


def test_checkboxes_say_none_rather_than_unknown(client, enterprise):
    user, company = enterprise()
    client.force_login(user)
    client.post(URL, post_data(no_zones="on", no_qualifications="on"))
    data = stored(company)
    assert data["zones"] == [] and data["qualifications"] == []


def test_qualification_rows_with_levels_and_dates(client, enterprise):
    user, company = enterprise()
    client.force_login(user)
    client.post(
        URL,
        post_data(
            **{
                "q-0-name": "DCMM",
                "q-0-level": "3",
                "q-1-name": "国家高新技术企业",
                "q-1-obtained_on": "2023-10-01",
            }
        ),
    )
    assert stored(company)["qualifications"] == [
        {"name": "DCMM", "level": 3},
        {"name": "国家高新技术企业", "obtained_on": "2023-10-01"},
    ]
    body = client.get(URL).content.decode()
    assert 'value="DCMM"' in body and 'value="2023-10-01"' in body


def test_errors_are_chinese_and_keep_what_was_typed(client, enterprise):
    user, company = enterprise()
    client.force_login(user)
    version = company.profile.version
    response = client.post(
        URL,
        post_data(
            employees="-5", revenue_last_year_yuan="很多", district="朝阳区", industries="人工智能",
            **{"q-0-level": "3"},
        ),
    )  # fmt: skip
    assert response.status_code == 200
    body = response.content.decode()
    assert "请根据提示修改" in body
    assert "确保该值大于或等于 0" in body or "大于或等于" in body
    assert "请输入金额数字,单位为元" in body
    assert "填写区县时请同时填写省份和城市" in body
    assert "请填写资质名称" in body
    assert 'value="很多"' in body and 'value="-5"' in body and "人工智能</textarea>" in body
    assert stored(company) == {"credit_code": company.credit_code, "name": company.name}
    assert CompanyProfile.objects.get(company=company).version == version
    assert not ProfileChange.objects.exists()


def test_city_must_belong_to_province(client, enterprise):
    user, _ = enterprise()
    client.force_login(user)
    body = client.post(URL, post_data(province="吉林省", city="北京市", district="朝阳区")).content.decode()
    assert "北京市不属于吉林省" in body


def test_history_records_who_when_and_old_to_new(client, enterprise):
    user, company = enterprise()
    client.force_login(user)
    client.post(URL, post_data(employees=10, credit_good="yes"))
    client.post(URL, post_data(employees=12, credit_good="yes"))
    changes = list(ProfileChange.objects.filter(company=company).order_by("id"))
    assert [c.profile_version for c in changes] == [2, 3]
    assert changes[0].changes == {"employees": [None, 10], "credit_good": [None, True]}
    assert changes[1].changes == {"employees": [10, 12]}
    assert changes[1].changed_by == user
    body = client.get(URL).content.decode()
    assert "修改记录" in body
    assert "从业人数:<del>10人</del> → <ins>12人</ins>" in body
    assert "<del>未填写</del> → <ins>是</ins>" in body


def test_unchanged_save_records_nothing(client, enterprise):
    user, company = enterprise()
    client.force_login(user)
    client.post(URL, post_data(employees=10))
    client.post(URL, post_data(employees=10))
    assert ProfileChange.objects.filter(company=company).count() == 1
    assert CompanyProfile.objects.get(company=company).version == 2


def test_service_drops_unknown_and_keeps_keys_the_form_does_not_show(enterprise):
    _, company = enterprise(profile={"employees": 5})
    change = profile_update(
        company,
        {
            "employees": None,
            "credit_good": False,
            "revenue_last_year_yuan": 0,
            "stage": "",
            "facts": {"x": None},
        },
        None,
    )
    data = stored(company)
    assert "employees" not in data and "stage" not in data and "facts" not in data
    assert data["credit_good"] is False and data["revenue_last_year_yuan"] == 0
    assert change.changes["employees"] == [5, None]


def test_form_keeps_profile_keys_it_does_not_show(client, enterprise):
    user, company = enterprise(profile={"facts": {"custom_fact": 7}, "employees": 3})
    client.force_login(user)
    client.post(URL, post_data(employees=4))
    data = stored(company)
    assert data["facts"] == {"custom_fact": 7} and data["employees"] == 4
