"""Amount and ratio parsing: units, numerals, ranges, caps versus thresholds and budgets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ingest.pipeline import amounts
from ingest.pipeline.amounts import (
    BASIS,
    BUDGET,
    CAP,
    LOAN,
    RATE,
    STATISTIC,
    THRESHOLD,
    find_money,
    find_ratios,
    parse_amount,
)
from ingest.pipeline.numerals import cn_to_int

CN_DIGITS = "零一二三四五六七八九"


@pytest.mark.parametrize(
    ("phrase", "yuan"),
    [
        ("最高1.5万元", 15_000),
        ("500万元", 5_000_000),
        ("1,000万元", 10_000_000),
        ("2亿元", 200_000_000),
        ("3千元", 3_000),
        ("5000元", 5_000),
        ("五十万元", 500_000),
        ("一千万元", 10_000_000),
        ("两亿元", 200_000_000),
        ("十万元", 100_000),
        ("一百五十万元", 1_500_000),
        ("50-100万元", 1_000_000),
        ("50万-100万元", 1_000_000),
        ("50万元至100万元", 1_000_000),
        ("300万(wàn)元", 3_000_000),
        ("50 万\n元", 500_000),
        ("300萬(wàn)元", 3_000_000),
        ("五十萬元", 500_000),
        ("2億元", 200_000_000),
        ("1亿5000万元", 150_000_000),
        ("二.五亿元", 250_000_000),
        ("伍 拾萬元", 500_000),
        ("港币四百万元正", 4_000_000),
        ("1,500万港元", 15_000_000),
        ("800\n万元", 8_000_000),
        ("没有金额", None),
        ("", None),
    ],
)
def test_parse_amount(phrase, yuan):
    assert parse_amount(phrase) == yuan


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("给予最高不超过1000万元资金支持", [(10_000_000, CAP)]),
        ("单个项目最高不超过500万元", [(5_000_000, CAP)]),
        ("上限为200万元", [(2_000_000, CAP)]),
        ("累计资助总额不得超过1,500万元", [(15_000_000, CAP)]),
        ("对平台的奖励额度分别达到了500万元及300万元", [(5_000_000, CAP), (3_000_000, CAP)]),
        ("奖励标准提高至100万元", [(1_000_000, CAP)]),
        (
            "给予奖励60万元,分三年按10万、20万、30万兑现",
            [(600_000, CAP), (100_000, CAP), (200_000, CAP), (300_000, CAP)],
        ),
        ("营业收入达到500万元的企业", [(5_000_000, THRESHOLD)]),
        ("对投资500万元以上的建设主体", [(5_000_000, THRESHOLD)]),
        ("营收达到1亿元的企业", [(100_000_000, THRESHOLD)]),
        ("年销售额不低于2000万元", [(20_000_000, THRESHOLD)]),
        ("总投资达到100万元及以上的项目", [(1_000_000, THRESHOLD)]),
        ("研发费用在5000万元(含)以内的,按3%给予最高150万元补助", [(50_000_000, THRESHOLD), (1_500_000, CAP)]),
        (
            "1亿元以上、5亿元(不含)以下的,给予资金支持250万元",
            [(100_000_000, THRESHOLD), (500_000_000, THRESHOLD), (2_500_000, CAP)],
        ),
        ("每年发放1亿元的算力券", [(100_000_000, BUDGET)]),
        ("设立10亿元基金", [(1_000_000_000, BUDGET)]),
        # a fund's size ("规模" alone would read as a threshold)
        (
            "区引导基金设立规模10亿元的科创天使基金,单个项目最高2000万元",
            [(1_000_000_000, BUDGET), (20_000_000, CAP)],
        ),
        ("市财政出资设立规模100亿元", [(10_000_000_000, BUDGET)]),
        ("规模5亿元的产业基金", [(500_000_000, BUDGET)]),
        ("企业规模达到10亿元以上的,奖励50万元", [(1_000_000_000, THRESHOLD), (500_000, CAP)]),
        ("实现产业规模超过1000亿元", [(100_000_000_000, THRESHOLD)]),
        ("分别给予100万元、40万元、20万元奖励", [(1_000_000, CAP), (400_000, CAP), (200_000, CAP)]),
        ("按照2级15万元、3级20万元的标准", [(150_000, CAP), (200_000, CAP)]),
        ("按照每月不超过40元/㎡的标准", [(40, RATE)]),
        ("按每平方米每天3元给予补贴", [(3, RATE)]),
        ("收汇额超过5000万美元", [(50_000_000, THRESHOLD)]),
        ("实收资本不足1亿元的,可按照1亿元标准执行", [(100_000_000, THRESHOLD), (100_000_000, THRESHOLD)]),
        ("数十万元", []),
        # 万 without 元, only where words of support name it
        ("最高给予3000万支持", [(30_000_000, CAP)]),
        ("分别给予50万、100万、200万奖励", [(500_000, CAP), (1_000_000, CAP), (2_000_000, CAP)]),
        ("每年给予不超过100万的资金补贴", [(1_000_000, CAP)]),
        ("单个项目最高不超过200万。", [(2_000_000, CAP)]),
        ("吸引游客100万人次", []),
        ("年产值达到100万,", []),
        ("建设面积10万平方米,", []),
        # 不超 without 过 is a cap
        ("给予每次最高不超20万元的资金支持", [(200_000, CAP)]),
        ("奖励最高可达500万元", [(5_000_000, CAP)]),
        ("每家企业每年补贴不超100万元", [(1_000_000, CAP)]),
        # 以内的 + a project is a size, + a kind of support a cap
        ("支持1亿元以内的项目并购", [(100_000_000, THRESHOLD)]),
        ("给予50万元以内的补贴", [(500_000, CAP)]),
        # rents with 最高 between the unit and the amount, either order
        ("给予每平方米每月最高40元的租金补贴", [(40, RATE)]),
        ("按照每月每平方米最高50元的标准给予补贴", [(50, RATE)]),
        ("补贴标准为每平方米每天最高2元", [(2, RATE)]),
        # other currencies keep their role (their currency is tested below)
        ("研发投入达到港币1000万元以上", [(10_000_000, THRESHOLD)]),
        ("给予新台币500万元奖励", [(5_000_000, CAP)]),
        ("给予500万欧元奖励", []),
        # comparison signs
        ("1亿元≤项目固定资产投资总额<5亿元", [(100_000_000, THRESHOLD), (500_000_000, THRESHOLD)]),
        ("项目投资≥2000万元的,给予50万元", [(20_000_000, THRESHOLD), (500_000, CAP)]),
        # budgets: a budget verb before, a budget noun after
        ("每年安排最高100万元经费支持服务中心建设", [(1_000_000, BUDGET)]),
        ("每年发放不超过1亿元算力券", [(100_000_000, BUDGET)]),
        ("整合3000万元资金用于发放消费券", [(30_000_000, BUDGET)]),
        ("每年安排1.5亿元,合共4.5亿元的专项扶持资金", [(150_000_000, BUDGET), (450_000_000, BUDGET)]),
        ("每年编列二亿元挹注基金", [(200_000_000, BUDGET)]),
        ("安排最高100万元资金支持", [(1_000_000, CAP)]),
        ("每家每年累计可领取最高500万元算力券", [(5_000_000, CAP)]),
        # loans are lent, not granted; their interest subsidy is a cap
        ("个人创业担保贷款额度最高30万元", [(300_000, LOAN)]),
        ("小微企业创业担保贷款最高500万元", [(5_000_000, LOAN)]),
        ("贷款贴息最高100万元", [(1_000_000, CAP)]),
        # statistics and floors
        ("协助企业创造逾 33亿元营收", [(3_300_000_000, STATISTIC)]),
        ("带动企业投入约9.3亿元研发经费", [(930_000_000, STATISTIC)]),
        ("补助金额一.一九亿余元", [(119_000_000, STATISTIC)]),
        ("自筹资金最少为50万元", [(500_000, THRESHOLD)]),
        # an amount that sizes an application or a project
        ("不超过澳门币伍拾万元之申请可随时提出", [(500_000, THRESHOLD)]),
        ("对总投资1000万元的项目给予补助", [(10_000_000, THRESHOLD)]),
        ("给予最高500万元的项目资助", [(5_000_000, CAP)]),
        # per-unit rates and the step they are counted per
        ("每增100万元最高奖励500元,总额不超过30万元", [(1_000_000, BASIS), (500, RATE), (300_000, CAP)]),
        ("招用3人以下的按每人2000元给予补贴", [(2000, RATE)]),
        ("贡献值在200万元以内的,每50万元奖励1名", [(2_000_000, THRESHOLD), (500_000, BASIS)]),
        # (含) inside a band: 3亿元-10(含)亿元、10亿元-100(含)亿元、100亿元以上
        (
            "贸易额分3亿元-10(含)亿元、10亿元-100(含)亿元、100亿元以上",
            [(1_000_000_000, THRESHOLD), (10_000_000_000, THRESHOLD), (10_000_000_000, THRESHOLD)],
        ),
        # a keyword the look-back window would cut (不|超过) is read whole
        ("按不超过年度新增实际固定资产投资额的5%给予奖励,最高300万元", [(3_000_000, CAP)]),
        ("每增加1人给予3000元补贴,总额最高不超过3万元", [(3000, RATE), (30_000, CAP)]),
        ("每培育1家给予5万元奖励", [(50_000, RATE)]),
        (
            "每成功推荐1个企业落户的,给予1万元奖励,同一机构的奖励额度每年最高不超过10万元",
            [(10_000, RATE), (100_000, CAP)],
        ),
        ("给予每人每月3000元实习补贴", [(3000, CAP)]),
        ("每家企业最高500万元", [(5_000_000, CAP)]),
        ("按每个产品最高10万元对企业予以奖励", [(100_000, CAP)]),
        ("按每千瓦时2元的标准给予补贴", [(2, RATE)]),
        ("光伏项目按0.3万元/兆瓦给予补贴", [(3000, RATE)]),
        ("按每亩5万元给予补助", [(50_000, RATE)]),
    ],
)
def test_money_roles(text, expected):
    assert [(m.yuan, m.role) for m in find_money(text)] == expected


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("最高1000万元", None),
        ("港币1,500万元", "HKD"),
        ("最高1,500万港元", "HKD"),
        ("港币四百万元正", "HKD"),
        ("澳门 币伍拾万元", "MOP"),
        ("六十万澳门元", "MOP"),
        ("新台币3000万元", "TWD"),
        ("实缴注册资本1000万美元以上", "USD"),
        ("人民币1.5亿元", "CNY"),
    ],
)
def test_currency_named_at_the_amount(text, currency):
    (m,) = find_money(text)
    assert m.currency == currency


def test_ranges_keep_both_ends():
    assert amounts.cap_amounts("给予100万元至1000万元的落户扶持") == [1_000_000, 10_000_000]
    assert amounts.cap_amounts("给予3万元-5万元的资金支持") == [30_000, 50_000]


@pytest.mark.parametrize(
    ("text", "per_year", "total"),
    [
        ("每年最高不超过1000万元", True, False),
        ("单个企业年度最高补贴1500万元", True, False),
        ("年补助总额不超过500万元", True, True),
        ("三年累计不超过3000万元", False, True),
        ("五年总计最高不超过1亿元", False, True),
        ("最高100万元", False, False),
    ],
)
def test_per_year_and_totals(text, per_year, total):
    (m,) = find_money(text)
    assert (m.per_year, m.total) == (per_year, total)


def test_spans_point_at_the_words():
    text = "对企业给予最高300万元补助"
    (m,) = find_money(text)
    assert text[m.start : m.end] == "300万元"


@pytest.mark.parametrize(
    ("text", "support", "threshold"),
    [
        ("按项目实际投资的40%给予补贴", [0.4], []),
        ("给予项目总投资30%且不超过150万元", [0.3], []),
        ("按照市、区1:1配套的比例", [1.0], []),
        ("按照国家和北京市奖励标准1:1和1:0.5的比例给予配套", [1.0, 0.5], []),
        ("给予100%租金补贴", [1.0], []),
        ("分别予以最高100%或80%补贴支持", [1.0, 0.8], []),
        ("百分之三十", [0.3], []),
        ("投资比例原则上不超过项目总投资金额的10%", [0.1], []),
        ("数实融合新赛道企业占比超60%的特色园区", [], [0.6]),
        ("自有资金原则上不低于实际财政资金投入的50%", [], [0.5]),
        ("营业收入增长20%以上", [], [0.2]),
        ("7x24小时", [], []),
        ("按照实际完成投资额的 0.2‰进行奖补", [0.0002], []),
        ("按交易额的万分之1.5-2.19给予奖励", [0.00015, 0.000219], []),
        ("给予2%-9.5%的奖励", [0.02, 0.095], []),
        ("按不低于2%的比例予以奖励", [0.02], []),
        ("按不超过年度新增实际固定资产投资额的5%给予奖励", [0.05], []),
        ("给予 30 %补贴", [0.3], []),
        ("补贴比例提高至60%", [0.6], []),
        ("按1(政府):2(企业)比例配套", [0.5], []),
        ("按1:1比例配套", [1.0], []),
        ("区财政等额配套", [1.0], []),
        # multipliers, cost splits and base factors are not support ratios
        ("奖励标准上浮 20%,封顶不变", [], []),
        ("省级财政负担支持资金的60%,市县财政负担40%", [], []),
        ("市财政与区按 1∶1 比例共同承担", [], []),
        ("按其当年用电量的50%×每千瓦时0.1元的标准给予补贴", [], []),
    ],
)
def test_ratios(text, support, threshold):
    found = find_ratios(text)
    assert [r.value for r in found if r.role == amounts.SUPPORT] == support
    assert [r.value for r in found if r.role == THRESHOLD] == threshold


def test_ratio_base():
    (r,) = find_ratios("按项目实际投资的40%给予补贴")
    assert r.base == "项目实际投资"


def test_cap_amounts_dedupes_in_order():
    text = "给予最高100万元的一次性奖励。给予最高不超过100万元的资金扶持,另给予50万元"
    assert amounts.cap_amounts(text) == [1_000_000, 500_000]


def _cn(n: int) -> str:
    """A Chinese numeral rendering of 1..99999999 (一千二百三十四万五千六百七十八)."""

    def four(k: int) -> str:
        out, zero = "", False
        for unit, div in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
            d = k // div % 10
            if d:
                if zero:
                    out += "零"
                out += CN_DIGITS[d] + unit
                zero = False
            elif out:
                zero = True
        return out

    hi, lo = divmod(n, 10_000)
    if hi:
        rest = four(lo)
        return four(hi) + "万" + ("零" + rest if lo and lo < 1000 else rest)
    return four(lo)


@given(st.text())
def test_parser_never_raises(s):
    parse_amount(s)
    find_money(s)
    find_ratios(s)


@given(st.integers(min_value=1, max_value=10**6))
def test_round_trip_wan(n):
    assert parse_amount(f"{n}万元") == n * 10_000
    assert parse_amount(f"最高不超过{n}元") == n


@given(st.integers(min_value=1, max_value=99_999_999))
def test_round_trip_chinese_numerals(n):
    assert cn_to_int(_cn(n)) == n
    assert parse_amount(_cn(n) + "元") == n


@given(st.integers(min_value=1, max_value=9999), st.sampled_from([("万元", 10_000), ("亿元", 100_000_000)]))
def test_round_trip_chinese_with_unit(n, unit):
    suffix, factor = unit
    assert parse_amount(_cn(n) + suffix) == n * factor


@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=1, max_value=9))
def test_round_trip_decimal(n, d):
    assert parse_amount(f"{n}.{d}万元") == n * 10_000 + d * 1000
