"""Real policies from other regions read as an applicant's adviser would: (profile, clause, status, why).

The documents are the real development set (tests/ingest/real_dev/docs: official pages, reposts, news,
HK/Macau/Taiwan texts); the companies are the generic profiles of real_profiles.py, each placed in
the region of the policy it is matched against, as ``manage.py eval_real`` does. Every row was
decided from the clause's words and the profile before looking at the program's output.

``expected`` is a status, or ``not_eligible`` where the text leaves an adviser unsure whether the
company is shut out or only unconfirmed but sure that it cannot be told 可申报. ``checks`` names what
the result must show besides its status: ``fact`` a profile fact the clause's words compile to (a
compiled check on it, with its outcome), ``not_asked`` words that must not come back as a question or
an open requirement because the profile already answers them, ``identified`` that the clause's words
say who gets the support (it is not reported as naming no one).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from eligibility.engine import match_clause
from eligibility.management.commands.eval_real import folder_policies, located

from .real_profiles import PROFILES

DOCS = Path(__file__).resolve().parents[1] / "ingest" / "real_dev" / "docs"
AS_OF = "2026-11-21"

# a chain retailer above the quota (限额以上), for the trade lists of wholesale and retail clauses
RETAIL = {
    **PROFILES["software_sme"],
    "name": "某连锁商业有限公司",
    "industries": ["零售", "连锁超市"],
    "employees": 400,
    "revenue_last_year_yuan": 1_200_000_000,
    "above_designated_size": True,
    "qualifications": [],
}
PROFILES = {**PROFILES, "retailer": RETAIL}

HITECH = "hitech_manufacturer"
LARGE = "large_manufacturer"
SOFT = "software_sme"
START = "startup"


@cache
def _by_file() -> dict[str, list[tuple[dict, dict]]]:
    policies, _ = folder_policies(DOCS)
    out: dict[str, list[tuple[dict, dict]]] = {}
    for policy in policies:
        name = policy.pop("_file")
        policy.pop("_text")
        out.setdefault(name, []).extend((policy, c) for c in policy["clauses"])
    return out


def clause(file: str, ref: str) -> tuple[dict, dict]:
    """A clause of a document by its number, or ``#k`` for the k-th clause (1-based) of the file."""
    pairs = next(v for k, v in _by_file().items() if k.startswith(file))
    if ref.startswith("#"):
        return pairs[int(ref[1:]) - 1]
    return next((p, c) for p, c in pairs if c["number"] == ref)


# (profile, document file prefix, clause, expected, why, checks)
TABLE = [
    # --- thresholds in the requirement words compile to the facts the profile has
    (
        HITECH,
        "27_",
        "#1",
        "possible",
        "当年营业收入突破亿元: 2.6亿 passes; 同比增长10% unknown",
        {"fact": ("revenue_last_year_yuan", True)},
    ),
    (
        START,
        "27_",
        "#1",
        "ineligible",
        "当年营业收入突破亿元: 60万 is far below",
        {"fact": ("revenue_last_year_yuan", False)},
    ),
    (
        SOFT,
        "27_",
        "#2",
        "ineligible",
        "营业收入同比增量突破亿元: a 1800万 revenue cannot have grown by 1亿",
        {"fact": ("revenue_last_year_yuan", False)},
    ),
    (
        HITECH,
        "27_",
        "#2",
        "possible",
        "营业收入同比增量突破亿元: 2.6亿 revenue may have grown by 1亿; the increment is unknown",
        {},
    ),
    (
        HITECH,
        "19_",
        "一、/第二条",
        "ineligible",
        "当年完成固定资产投资 20亿元(含) or more in every tier: a 3000万 project is far below",
        {"fact": ("project_investment_yuan", False)},
    ),
    (
        LARGE,
        "19_",
        "一、/第二条",
        "not_eligible",
        "a 35亿 project passes the 30亿 tier, but what was completed this year is not known",
        {"fact": ("project_investment_yuan", True)},
    ),
    (
        LARGE,
        "05_",
        "一、/1.",
        "possible",
        "技术改造投资额达到 2亿元(含)以上: 35亿 passes; whether it is a 技术改造 project is asked",
        {"fact": ("project_investment_yuan", True)},
    ),
    (
        HITECH,
        "05_",
        "一、/1.",
        "possible",
        "a 3000万 project misses the 2亿 tier but not the 12-month one: its 技术改造 is asked",
        {"fact": ("project_investment_yuan", False)},
    ),
    # --- qualification alternatives
    (
        HITECH,
        "01_",
        "第五条/(三)",
        "possible",
        "专精特新 or 国家高新技术企业 认定: it holds 高新; whether it is a 港澳青年企业 is the question",
        {"not_asked": "高新技术企业"},
    ),
    (
        LARGE,
        "21_",
        "一、/(一)",
        "possible",
        "小巨人 with 1-2月产值 over 2000万 and growth ≥12%: it is a 小巨人; the output figures are unknown",
        {},
    ),
    (
        SOFT,
        "21_",
        "一、/(一)",
        "ineligible",
        "top-500 manufacturers, 工业龙头 or 小巨人/单项冠军: a small software firm is none of them",
        {},
    ),
    (
        HITECH,
        "21_",
        "一、/(一)",
        "possible",
        "对前500名 manufacturers…的, 对小巨人…的, 均按: either group; its rank and output are unknown",
        {},
    ),
    # --- region words are checked facts, never questions
    (
        HITECH,
        "01_",
        "第五条/(一)",
        "possible",
        "大赛获奖 and 港澳青年企业 are asked; 在天河区依法登记注册 is its registered district",
        {"not_asked": "依法登记注册"},
    ),
    (
        HITECH,
        "01_",
        "第五条/(二)",
        "possible",
        "港澳青年企业 in a 孵化载体 for a year; 在天河区依法登记注册 is its registered district",
        {"not_asked": "依法登记注册"},
    ),
    (
        SOFT,
        "25_",
        "二、/(四)",
        "possible",
        "锦江企业 is its district; 揭榜 of a 揭榜挂帅 task is asked",
        {"not_asked": "锦江企业"},
    ),
    # --- industries and sectors named as the beneficiary
    (SOFT, "04_", "一、/(一)", "ineligible", "工业企业 only: a software company", {}),
    (HITECH, "04_", "一、/(二)", "ineligible", "建筑业企业 only: a manufacturer", {}),
    (HITECH, "04_", "一、/(三)", "ineligible", "互联网、软件和信息技术服务业企业 only: a manufacturer", {}),
    (
        SOFT,
        "04_",
        "一、/(三)",
        "possible",
        "a software company; its 一季度/全年 revenue increment is unknown",
        {},
    ),
    (
        SOFT,
        "07_",
        "一、/(二)",
        "ineligible",
        "入规 of 规模以上工业 and 工业企业新增产值: a software company",
        {},
    ),
    (SOFT, "13_", "一、/(一)/1.", "ineligible", "规上数字经济制造业企业: not 规上, not a manufacturer", {}),
    (HITECH, "13_", "一、/(一)/2./(1)", "ineligible", "规上软件信息服务业企业: a manufacturer", {}),
    (HITECH, "27_", "#4", "ineligible", "限额以上批发零售企业: a manufacturer", {}),
    (HITECH, "27_", "#5", "ineligible", "直播电商企业: a manufacturer", {}),
    (START, "25_", "三、/(五)", "ineligible", "锦江区人工智能企业: a biotech start-up", {}),
    (SOFT, "17_", "一、/3.", "ineligible", "规模以上工业企业: a small software company", {}),
    (
        HITECH,
        "13_",
        "一、/(一)/1.",
        "possible",
        "规上数字经济制造业企业: a manufacturer above size; whether it is digital-economy and its growth are asked",
        {},
    ),
    ("retailer", "27_", "#4", "possible", "限额以上批发零售企业: a retailer; 首次突破10亿 is asked", {}),
    # --- alternatives across benefit tiers: every industry is named, none is shut out
    (
        SOFT,
        "30_",
        "#1",
        "possible",
        "高技术制造业、其他制造业 …, 高技术服务业、其他行业企业: a software company is in a tier; 外商投资 unknown",
        {},
    ),
    # --- clauses for other applicant types
    (
        HITECH,
        "01_",
        "第三条",
        "ineligible",
        "创新创业孵化载体 honoured as such: a manufacturer is not an incubator",
        {},
    ),
    (
        HITECH,
        "17_",
        "一、/1.",
        "ineligible",
        "省级以上开发区(工业园区) whose income passes 1000亿: not an enterprise",
        {},
    ),
    (
        HITECH,
        "01_",
        "第七条",
        "not_eligible",
        "hosts of 港澳 youth events (企业、社会组织…主办或承办): asked, never assumed",
        {},
    ),
    (
        HITECH,
        "01_",
        "第八条",
        "not_eligible",
        "第三方服务机构 in the 基地 and individual 港澳青年: not a manufacturer",
        {},
    ),
    (HITECH, "02_", "1、", "not_eligible", "补贴对象:符合条件的创业者 (a person) of an 初创企业", {}),
    (
        HITECH,
        "02_",
        "3、",
        "not_eligible",
        "补贴对象:符合条件的创业者 (a person) renting for an 初创企业",
        {},
    ),
    (
        HITECH,
        "02_",
        "4、",
        "not_eligible",
        "初创企业 hiring: an eleven-year-old manufacturer is no start-up",
        {},
    ),
    (
        HITECH,
        "03_",
        "四、",
        "not_eligible",
        "创业担保贷款 borrowers are individuals and 小微企业: a medium manufacturer",
        {},
    ),
    (
        HITECH,
        "24_",
        "#4",
        "not_eligible",
        "a recognised 数智产业园 or a 数据标注企业 with a loan: not a manufacturer",
        {},
    ),
    # --- conditions in sub-items of the clause
    (
        START,
        "02_",
        "4、",
        "possible",
        "补贴条件 (1)(2), 补贴对象:符合条件的用人单位: an 初创企业 that hired; whether it did is asked",
        {"identified": True, "asked": ("初创企业招用员工",)},
    ),
    (
        START,
        "02_",
        "2、",
        "possible",
        "补贴条件 (1)-(4), 补贴对象:符合条件的创业项目: a prize of 赢在广州 and 3 hires are asked",
        {"identified": True, "asked": ("创业大赛优胜奖", "吸纳就业3人")},
    ),
    (
        START,
        "02_",
        "1、",
        "ineligible",
        "补贴对象:符合条件的创业者: the founder is paid as a person, not the company",
        {"fact": ("entity_type", False)},
    ),
    (
        SOFT,
        "13_",
        "一、/(一)/2./(3)",
        "possible",
        "对列入省数商的: the listing names who gets it; asked",
        {"identified": True},
    ),
    # --- words naming a title as the subject of work are no title held
    (
        SOFT,
        "27_",
        "#7",
        "possible",
        "开展首版次软件产品研发 in AI or big data: its work, asked; no 首版次 title is required",
        {},
    ),
    # --- truly open: the company must say
    (
        HITECH,
        "26_",
        "二、",
        "possible",
        "企业 using models by API or cloud deployment: whether it does is asked",
        {},
    ),
    (HITECH, "16_", "一、/1.", "possible", "研发准备金制度 and 研发费用加计扣除: asked", {}),
    (HITECH, "14_", "一、/1.", "possible", "列入宁波市智能工厂/数字化车间项目 and accepted: asked", {}),
    (SOFT, "33_", "#1", "possible", "a HK enterprise's project under the recycling fund: asked", {}),
    (
        HITECH,
        "20_",
        "第二章/第四条",
        "possible",
        "新引进 without park premises and 地方经济贡献 ≥5万: unknown; both are asked",
        {"asked": ("不占用", "地方经济贡献达到5万元")},
    ),
    # --- every requirement an applicant answering yes to everything would claim is asked
    (
        SOFT,
        "25_",
        "三、/(五)",
        "possible",
        "an AI company's new products reaching 实际成交额达5000万元: the sales figure is asked",
        {"asked": ("成交额达5000万元",)},
    ),
    (
        LARGE,
        "17_",
        "一、/3.",
        "possible",
        "年地方财政贡献100万元及以上且同比有增长: the growth is a condition of its own",
        {"asked": ("「同比有增长」", "用电量同比有增长")},
    ),
    (
        HITECH,
        "05_",
        "一、/3.",
        "possible",
        "对年能耗5000吨标准煤及以上工业企业实施…改造,并实现年节能量…或…的: the energy use and the work are asked",
        {"asked": ("年能耗5000吨标准煤", "年节能量1000吨")},
    ),
    (
        HITECH,
        "01_",
        "第八条",
        "possible",
        "subsidies to 港澳青年 employed 1 year by a company in the 基地 (…的港澳青年,可领取…): who is paid is asked",
        {"asked": ("连续就业满1年",)},
    ),
    (
        HITECH,
        "30_",
        "#2",
        "possible",
        "外商投资企业 whose 年新增实际外资金额合计达5000万美元及以上: the new foreign capital is asked",
        {"asked": ("5000万美元",)},
    ),
]


def _row_id(row) -> str:
    return f"{row[0]}-{row[1]}{row[2]}"


@pytest.mark.parametrize(
    ("profile", "file", "ref", "expected", "why", "checks"), TABLE, ids=[_row_id(r) for r in TABLE]
)
def test_real_adviser_table(profile, file, ref, expected, why, checks):
    policy, c = clause(file, ref)
    result = match_clause(c, policy, located(PROFILES[profile], policy), AS_OF)
    if expected == "not_eligible":
        assert result.status in ("possible", "ineligible"), why
    else:
        assert result.status == expected, why
    if "fact" in checks:
        fact, outcome = checks["fact"]
        assert any(r.fact == fact and r.outcome is outcome for r in result.reasons), why
    if checks.get("identified"):
        unnamed = [
            m.question for m in result.missing if m.kind == "requirement" and "支持对象" in (m.question or "")
        ]
        assert not unnamed, (why, unnamed)
    if "asked" in checks:
        # what the text requires and no fact checks must be asked, else "yes" to all would overstate
        asked = ["".join((m.question or "").split()) for m in result.missing]
        for words in checks["asked"]:
            assert any(words in a for a in asked), (why, words, asked)
    if "not_asked" in checks:
        words = checks["not_asked"]
        asked = [m.question or "" for m in result.missing]
        assert not any(words in "".join(a.split()) for a in asked), (why, asked)


def test_table_covers_at_least_thirty_clauses_of_real_documents():
    assert len(TABLE) >= 30
    assert len({(r[1], r[2]) for r in TABLE}) >= 30
