"""Benefits: one per distinct support, with kind, cap, ratio, base, per-year, years, tiers."""

from __future__ import annotations

import pytest

from ingest.pipeline.benefits import find_benefits


def benefits(text: str):
    return find_benefits(text, 0, len(text))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("给予100%租金补贴。", "rent"),
        ("每年发放1亿元的“算力券”,按照实际费用的30%,给予最高2000万元支持。", "voucher"),
        ("单个项目跟投额度不超过1000万元。对项目给予跟投。", "equity"),
        ("按照1:1匹配资金扶持,单个项目不超过500万元。", "matching"),
        ("给予园区运营单位100万元奖励。", "award"),
        ("按实际支付委托开发费的30%给予补贴。", "subsidy"),
        ("给予最高不超过1000万元资金支持。", "grant"),
        ("优先给予人才认定、住房保障等人才服务。", "non_monetary"),
    ],
)
def test_kind(text, kind):
    assert benefits(text)[0].kind == kind


def test_one_benefit_per_sentence_and_extra_caps_fold_in():
    text = (
        "对主导制定的国家、北京市、行业标准的,分别按照单项最高100万元、40万元、20万元给予资金支持。"
        "同一单位所获支持总额不超过200万元。"
    )
    (b,) = benefits(text)
    assert b.cap_yuan == 2_000_000
    assert b.tiers == [1_000_000, 400_000, 200_000]


def test_two_targets_two_benefits():
    text = "对提供单位,按出租年收入的10%给予最高1000万元补贴;对租用单位,按年租用支出的50%给予最高20万元补贴。"
    found = benefits(text)
    assert [(b.ratio, b.cap_yuan) for b in found] == [(0.1, 10_000_000), (0.5, 200_000)]
    assert found[1].base == "年租用支出"


def test_per_year_and_years():
    (b,) = benefits("可给予连续三年、每年最高不超过1000万元的资金支持。")
    assert (b.cap_yuan, b.per_year, b.years) == (10_000_000, True, 3)


def test_total_over_years():
    (b,) = benefits("可连续五年给予企业资金支持,五年总计最高不超过1亿元。")
    assert (b.cap_yuan, b.per_year, b.years) == (100_000_000, False, 5)


def test_rent_rate():
    (b,) = benefits("首年按照每月不超过40元/㎡的标准给予100%租金补贴。")
    assert (b.kind, b.ratio, b.rate_yuan, b.cap_yuan) == ("rent", 1.0, 40, None)


def test_budget_is_not_a_cap():
    (b,) = benefits("每年发放1亿元的“模型券”,给予实际完成合同金额50%,最高500万元的支持。")
    assert b.cap_yuan == 5_000_000


def test_threshold_is_not_a_cap():
    (b,) = benefits("对投资500万元以上的建设主体,按平台实际投资额的30%,给予最高300万元补助。")
    assert (b.cap_yuan, b.ratio, b.base) == (3_000_000, 0.3, "平台实际投资额")


def test_evidence_points_at_words():
    text = "对企业给予一次性30万元支持。"
    (b,) = benefits(text)
    assert text[b.evidence[0] : b.evidence[1]] == "30万元"


def test_no_benefit_in_descriptive_text():
    assert benefits("鼓励企业开展技术攻关,推动产业发展。") == []
