"""Conditions: region, policy scope, qualifications, levels, thresholds, industries; fact names exist."""

from __future__ import annotations

import pytest

from eligibility.engine import match_clause
from eligibility.facts import lookup
from ingest.pipeline.clauses import build_clauses
from ingest.pipeline.conditions import region_leaves

BJ = {"province": "北京市", "city": "北京市", "region": "朝阳区", "stacking": None, "title": None}
ZONE = {"province": "吉林省", "city": "长春市", "region": "长春新区", "stacking": None, "title": None}


def leaves(cond):
    if cond is None:
        return []
    if "fact" in cond:
        return [cond]
    if "not" in cond:
        return leaves(cond["not"])
    key = "all" if "all" in cond else "any"
    return [x for c in cond[key] for x in leaves(c)]


def support(text: str, meta=BJ):
    clauses = build_clauses(text, 0, len(text), meta)
    return [c for c in clauses if c["kind"] == "support"]


def test_region_district():
    assert region_leaves(BJ) == [
        {"fact": "province", "op": "eq", "value": "北京市"},
        {"fact": "city", "op": "eq", "value": "北京市"},
        {"fact": "district", "op": "in", "value": ["朝阳区"]},
    ]


def test_region_zone():
    assert region_leaves(ZONE)[-1] == {"fact": "zones", "op": "contains_any", "value": ["长春新区"]}


def test_every_support_clause_inherits_region_and_scope():
    text = (
        "第一条 本办法支持对象包括在朝阳区规范经营的企业、科研机构、社会组织、园区运营单位,"
        "应具有独立法人资格,信用良好,近3年无重大行政处罚。\n"
        "第二条 对企业给予最高100万元奖励。\n第三条 对平台给予最高50万元补贴。"
    )
    clauses = support(text)
    assert len(clauses) == 2
    for c in clauses:
        ls = leaves(c["conditions"])
        assert {"fact": "district", "op": "in", "value": ["朝阳区"]} in ls
        assert {"fact": "credit_good", "op": "is_true"} in ls
        assert {"fact": "major_penalty_3y", "op": "is_false"} in ls
        assert {"fact": "independent_legal_person", "op": "is_true"} in ls
        (et,) = [x for x in ls if x["fact"] == "entity_type"]
        assert et["value"] == ["enterprise", "research_institute", "social_org", "park_operator"]


def test_general_clauses_have_no_conditions():
    text = "第一条 本办法由区科委负责解释。"
    (c,) = build_clauses(text, 0, len(text), BJ)
    assert c["kind"] == "general" and c["conditions"] is None


@pytest.mark.parametrize(
    ("text", "leaf"),
    [
        (
            "对获得国家高新技术企业认定的,给予一次性最高30万元支持。",
            {"fact": "qualifications", "op": "contains", "value": "国家高新技术企业"},
        ),
        (
            "对首次获得海关AEO高级认证的企业,给予一次性30万元的奖励。",
            {"fact": "qualifications", "op": "contains", "value": "海关AEO高级认证"},
        ),
        (
            "首次通过DCMM贯标,且评估认证为二级及以上的企业,给予最高不超过50万元资金扶持。",
            {"fact": "qualification_level.DCMM", "op": "gte", "value": 2},
        ),
        (
            "对首次通过DCMM认证的企业,按照2级15万元、3级20万元的标准予以一次性资金支持。",
            {"fact": "qualification_level.DCMM", "op": "gte", "value": 2},
        ),
        (
            "对实现“首升规”的企业,给予一次性30万元支持。",
            {"fact": "qualifications", "op": "contains", "value": "首升规"},
        ),
        (
            "对投资500万元以上的建设主体,给予最高300万元补助。",
            {"fact": "project_investment_yuan", "op": "gte", "value": 5_000_000},
        ),
        (
            "对年营业收入超过1亿元的企业,给予最高50万元奖励。",
            {"fact": "revenue_last_year_yuan", "op": "gt", "value": 100_000_000},
        ),
        (
            "对经评审符合条件的人工智能企业,给予最高100万元支持。",
            {"fact": "industries", "op": "contains_any", "value": ["人工智能"]},
        ),
        ("对首次获得海关AEO高级认证的企业,给予一次性30万元的奖励。", {"fact": "first_time", "op": "is_true"}),
    ],
)
def test_clause_requirements(text, leaf):
    (c,) = support(text)
    assert leaf in leaves(c["conditions"])


def test_cultivation_is_not_a_requirement():
    (c,) = support("加大对专精特新小巨人等企业的培育力度,给予最高10万元支持。")
    assert not [x for x in leaves(c["conditions"]) if x["fact"] == "qualifications"]


def test_alternative_benefits_give_any():
    text = "对实现“首升规”的企业,给予一次性30万元支持;对获得国家高新技术企业认定的,给予一次性最高30万元支持。"
    (c,) = support(text)
    last = c["conditions"]["all"][-1]
    assert "any" in last and len(last["any"]) == 2


def test_benefit_without_requirement_drops_clause_requirement():
    text = "对获得国家高新技术企业认定的,给予30万元支持;对其他企业给予最高10万元支持。"
    (c,) = support(text)
    assert not [x for x in leaves(c["conditions"]) if x["fact"] == "qualifications"]


def test_thresholds_as_written():
    text = "(一)集聚发展。对入园企业数达20家以上且数实融合新赛道企业占比超60%的特色园区,给予园区运营单位100万元奖励。"
    (c,) = support(text, ZONE)
    assert c["thresholds"] == ["入园企业数达20家以上", "数实融合新赛道企业占比超60%"]


@pytest.mark.parametrize(
    ("text", "thresholds"),
    [
        # tiers keep the list's words, not a bare "10亿元"
        (
            "二、对年营业收入首次突破5亿元、10亿元、50亿元的企业,分别给予100万元、200万元、500万元奖励。",
            ["年营业收入首次突破5亿元", "年营业收入首次突破10亿元", "年营业收入首次突破50亿元"],
        ),
        (
            "二、对营收5000万元以上、1亿元以上的企业,分别奖励10万元、20万元。",
            ["营收5000万元以上", "营收1亿元以上"],
        ),
        # a fund's size is not a threshold
        ("六、区引导基金设立规模10亿元的科创天使基金,单个项目投资最高不超过2000万元。", []),
        ("五、设立规模10亿元的专项基金,对符合条件的项目给予贴息,单个企业每年最高100万元。", []),
        # amounts in another currency are thresholds, never caps
        (
            "(二)对实际到位外资超过3000万美元的外资企业,给予一次性奖励500万元。",
            ["实际到位外资超过3000万美元"],
        ),
        ("(3)跨境电商年出口额首次突破1亿美元的企业,奖励100万元。", ["跨境电商年出口额首次突破1亿美元"]),
        # a ① item's threshold starts after the marker
        ("第二条 ①总投资不低于10亿元的项目,奖励500万元。", ["总投资不低于10亿元"]),
    ],
)
def test_threshold_words(text, thresholds):
    (c,) = support(text)
    assert c["thresholds"] == thresholds


def test_parent_does_not_repeat_its_items_thresholds():
    text = (
        "第二条 支持项目投资。\n(一)对总投资5亿元以上的项目,给予最高2000万元补助。\n"
        "(二)对固定资产投资1亿元以上的技术改造项目,给予最高500万元补助。\n"
    )
    clauses = {c["number"]: c for c in build_clauses(text, 0, len(text), BJ)}
    assert clauses["第二条"]["thresholds"] == []
    assert clauses["第二条/(一)"]["thresholds"] == ["总投资5亿元以上"]
    assert clauses["第二条/(二)"]["thresholds"] == ["固定资产投资1亿元以上"]


def test_least_strict_threshold_is_kept():
    text = "3.同时满足以下条件的,给予最高80万元补助:(1)零售业企业年销售额不低于2000万元;餐饮业企业年销售额不低于1000万元;"
    (c,) = support(text)
    revenue = [x for x in leaves(c["conditions"]) if x["fact"] == "revenue_last_year_yuan"]
    assert revenue == [{"fact": "revenue_last_year_yuan", "op": "gte", "value": 10_000_000}]


def test_all_fact_names_are_in_the_catalogue():
    text = (
        "第一条 本政策适用于在亦庄新城225平方公里范围内实际经营,近3年无重大行政处罚记录,未列入严重违法失信主体名单的企事业单位。\n"
        "第二条 对首次通过DCMM认证的人工智能企业,按照2级15万元、3级20万元的标准予以支持;"
        "对投资500万元以上、从业人员50人以上的企业给予最高100万元补助。"
    )
    meta = {
        "province": "北京市",
        "city": "北京市",
        "region": "北京经济技术开发区",
        "stacking": None,
        "title": None,
    }
    for c in build_clauses(text, 0, len(text), meta):
        for leaf in leaves(c["conditions"]):
            assert lookup(leaf["fact"]) is not None, leaf
    zones = [x for c in support(text, meta) for x in leaves(c["conditions"]) if x["fact"] == "zones"]
    assert zones[0]["value"] == ["北京经济技术开发区", "亦庄新城"]


@pytest.mark.parametrize(
    ("text", "leaf"),
    [
        (
            "对2022年1月1日以后新注册且符合支持范围的跨国公司地区总部,可给予最高3000万元一次性补助。",
            {"fact": "established_on", "op": "gte", "value": "2022-01-01"},
        ),
        ("对新注册的离岸贸易企业,给予最高50万元奖励。", {"fact": "relocated_in", "op": "is_true"}),
        ("对新引进的数实融合新赛道企业,给予最高100万元奖励。", {"fact": "relocated_in", "op": "is_true"}),
        (
            "对规模以上工业企业,给予最高50万元奖励。",
            {"fact": "above_designated_size", "op": "is_true"},
        ),
        (
            "对高新技术企业,给予最高20万元奖励。",
            {"fact": "qualifications", "op": "contains", "value": "国家高新技术企业"},
        ),
        (
            "对专精特新中小企业,给予最高20万元奖励。",
            {"fact": "qualifications", "op": "contains", "value": "专精特新中小企业"},
        ),
        (
            "对国家级专精特新“小巨人”企业,给予最高50万元奖励。",
            {"fact": "qualifications", "op": "contains", "value": '专精特新"小巨人"'},
        ),
        ("对境内外上市企业,给予最高300万元奖励。", {"fact": "listed", "op": "is_true"}),
        (
            "对独角兽企业,给予最高500万元奖励。",
            {"fact": "qualifications", "op": "contains", "value": "独角兽企业"},
        ),
        (
            "对瞪羚企业,给予最高100万元奖励。",
            {"fact": "qualifications", "op": "contains", "value": "瞪羚企业"},
        ),
        (
            "对年营业收入超过1亿元的企业,给予最高50万元奖励。",
            {"fact": "revenue_last_year_yuan", "op": "gt", "value": 100_000_000},
        ),
        (
            "对年度研发投入达到1000万元以上的企业,给予最高50万元奖励。",
            {"fact": "rd_expense_last_year_yuan", "op": "gte", "value": 10_000_000},
        ),
        (
            "对从业人员100人以上的企业,给予最高50万元奖励。",
            {"fact": "employees", "op": "gte", "value": 100},
        ),
        (
            "对采购设备总金额达到500万元(含)以上的新建或在建项目,按照设备投资的10%给予最高1000万元补助。",
            {"fact": "equipment_investment_yuan", "op": "gte", "value": 5_000_000},
        ),
        (
            "对项目总投资达到1亿元以上的项目,给予最高1000万元补助。",
            {"fact": "project_investment_yuan", "op": "gte", "value": 100_000_000},
        ),
        ("对首次获评市级荣誉称号的企业,给予最高20万元奖励。", {"fact": "first_time", "op": "is_true"}),
        (
            "对列入市级产教融合型企业的,给予最高20万元奖励。",
            {"fact": "qualifications", "op": "contains", "value": "产教融合型企业"},
        ),
        (
            "对获评国家、北京市数字经济领域资质认定的企业,给予最高100万元资金支持。",
            {"fact": "project_level", "op": "in", "value": ["national", "municipal"]},
        ),
        ("对高校,给予最高100万元支持。", {"fact": "entity_type", "op": "in", "value": ["university"]}),
        (
            "对新型研发机构,给予最高100万元支持。",
            {"fact": "entity_type", "op": "in", "value": ["research_institute"]},
        ),
        ("对国家级孵化器,给予最高100万元奖励。", {"fact": "entity_type", "op": "in", "value": ["incubator"]}),
        (
            "对特色园区运营单位,给予最高100万元奖励。",
            {"fact": "entity_type", "op": "in", "value": ["park_operator"]},
        ),
        (
            "对新落户的持牌法人金融机构,给予最高2500万元支持。",
            {"fact": "entity_type", "op": "in", "value": ["financial_institution"]},
        ),
        (
            "支持社会组织提升专业服务能力,最高给予1000万支持。",
            {"fact": "entity_type", "op": "in", "value": ["social_org"]},
        ),
        (
            "对首次创业且正常经营6个月以上的创业者,给予一次性创业资助1万元。",
            {"fact": "entity_type", "op": "in", "value": ["individual"]},
        ),
        (
            "对在研发攻关中取得突出成效的个人,给予最高50万元奖励。",
            {"fact": "entity_type", "op": "in", "value": ["individual"]},
        ),
    ],
)
def test_more_requirement_kinds(text, leaf):
    (c,) = support(text)
    assert leaf in leaves(c["conditions"])
    assert lookup(leaf["fact"]) is not None


@pytest.mark.parametrize(
    "text",
    [
        "加大对专精特新企业的培育力度,给予最高10万元支持。",  # cultivation, not a requirement
        "鼓励企业推动上市,给予最高10万元支持。",  # no 对…的 phrase names a listed company
        "对企业给予最高100万元奖励。",  # a bare 企业 states nothing beyond the policy's scope
    ],
)
def test_no_leaf_without_words(text):
    (c,) = support(text)
    facts = {x["fact"] for x in leaves(c["conditions"])}
    assert not facts & {"qualifications", "listed", "relocated_in", "project_level", "first_time"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("对新注册的离岸贸易企业,给予最高50万元奖励。", [("对新注册的离岸贸易企业", True)]),
        (
            "对采购设备总金额达到500万元(含)以上的新建或在建项目,按照设备投资的10%给予最高1000万元补助。",
            [("对采购设备总金额达到500万元(含)以上的新建或在建项目", True)],
        ),
        (
            "对首次获得海关AEO高级认证的企业,给予一次性30万元的奖励。",
            [("对首次获得海关AEO高级认证的企业", True)],
        ),
        ("对年营业收入超过1亿元的企业,给予最高50万元奖励。", [("对年营业收入超过1亿元的企业", True)]),
        ("对经认定的低效楼宇改造项目,给予最高500万元补助。", [("对经认定的低效楼宇改造项目", False)]),
        ("对符合条件的现代金融机构给予最高5000万元资金支持。", [("对符合条件的现代金融机构", False)]),
        (
            "对获评国家、北京市数字经济领域资质认定的企业,给予最高100万元资金支持。",
            [("对获评国家、北京市数字经济领域资质认定的企业", False)],
        ),
        (
            "对当年度展位费支出超过20万元的参展企业,给予最高10万元支持。",
            [("对当年度展位费支出超过20万元的参展企业", False)],
        ),
        ("支持社会组织提升专业服务能力,最高给予1000万支持。", [("支持社会组织提升专业服务能力", False)]),
        # nothing says who gets it: an open requirement, so the clause is never eligible
        (
            "对剩余展位费,给予50%补贴,最高10万元。",
            [("对剩余展位费,给予50%补贴,最高10万元", False)],
        ),
        # a level word inside a qualification's name, 级 without 及, 独立法人 and 本区 in the clause itself
        ("对首次认定的国家高新技术企业,给予20万元奖励。", [("对首次认定的国家高新技术企业", True)]),
        (
            "对获评国家级专精特新“小巨人”企业的,给予50万元奖励。",
            [("对获评国家级专精特新“小巨人”企业的", True)],
        ),
        ("对获得DCMM三级以上认证的企业,给予10万元奖励。", [("对获得DCMM三级以上认证的企业", True)]),
        ("对在本区新注册的独立法人企业,给予最高100万元补贴。", [("对在本区新注册的独立法人企业", True)]),
    ],
)
def test_requirements_as_written(text, expected):
    (c,) = support(text)
    got = [(r["text"], r["modelled"]) for r in c["requirements"]]
    assert got == expected
    for r in c["requirements"]:
        s, e = r["span"]
        assert text[s:e] == r["text"]


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        (
            "对首次认定的国家高新技术企业,给予20万元奖励。",
            {"qualifications", "first_time"},
            {"project_level"},
        ),
        ("对获评国家级专精特新“小巨人”企业的,给予50万元奖励。", {"qualifications"}, {"project_level"}),
        ("对获得国家级、市级科技奖励的项目,给予100万元奖励。", {"project_level"}, set()),
        ("对获得DCMM三级以上认证的企业,给予10万元奖励。", {"qualification_level.DCMM"}, set()),
        ("对在本区新注册的独立法人企业,给予最高100万元补贴。", {"independent_legal_person"}, set()),
    ],
)
def test_clause_facts(text, present, absent):
    (c,) = support(text)
    facts = {x["fact"] for x in leaves(c["conditions"])}
    assert present <= facts and not facts & absent


def test_general_clauses_have_no_requirements():
    text = "第一条 本办法由区科委负责解释。"
    (c,) = build_clauses(text, 0, len(text), BJ)
    assert c["requirements"] == []


# --- sub-items that are alternative branches --------------------------------------------------------

_LIST = "第一条 对满足以下条件的企业,给予最高100万元补助。\n{items}\n"


@pytest.mark.parametrize(
    ("items", "alternatives"),
    [
        ("(1)购买研发设备的,设备投资不低于500万元;\n(2)租赁研发设备的,年租金不低于50万元。", True),
        (
            "(1)商业综合体,营业收入不低于1亿元;\n(2)商业街区,营业收入不低于5000万元;\n(3)其他企业,营业收入不低于2亿元。",
            True,
        ),
        ("(1)营业收入不低于1亿元;\n(2)研发投入不低于1000万元。", False),  # a list of conditions: all of them
        ("(1)营业收入不低于1亿元;\n(2)研发投入不低于1000万元;满足其中一项即可。", True),
    ],
)
def test_sub_items_as_alternative_branches(items, alternatives):
    (c,) = [x for x in support(_LIST.format(items=items)) if x["number"] == "第一条"]
    marked = [r for r in c["requirements"] if "alternative" in r]
    assert bool(marked) is alternatives, c["requirements"]
    found = leaves(c["conditions"])
    assert any(f["fact"] == "revenue_last_year_yuan" for f in found) or "购买" in items
    if alternatives:
        assert len({r["alternative"] for r in marked}) == len(items.split("\n"))


def _written(text: str, meta: dict) -> list[dict]:
    from ingest.pipeline.benefits import find_benefits
    from ingest.pipeline.conditions import (
        PolicyScope,
        clause_conditions,
        clause_requirements,
        region_leaves,
        requirements_as_written,
    )

    req = clause_requirements(text, 0, len(text))
    clause_conditions(PolicyScope(region_leaves(meta)), req, find_benefits(text, 0, len(text), "CNY"))
    return requirements_as_written(text, req)


HAIDIAN = {"province": "北京市", "city": "北京市", "region": "海淀区"}


def test_the_policys_own_region_in_a_phrase_is_checked_not_asked():
    items = _written("对在海淀区依法登记注册的青年创业企业,给予10万元奖励。", HAIDIAN)
    questions = [i["question"] for i in items if i["kind"] == "declaration"]
    assert questions and all("海淀" not in q and "注册" not in q for q in questions), questions
    assert any("青年创业企业" in q for q in questions)


def test_a_place_naming_who_issued_a_list_stays_asked():
    items = _written("对列入北京市创新产品目录的装备,给予100万元奖励。", HAIDIAN)
    asked = [i for i in items if i["kind"] == "declaration"]
    assert asked and any("北京市" in i["question"] for i in asked), items


def test_a_place_inside_a_quoted_name_stays_and_a_place_with_diqu_goes():
    text = "对获得“赢在海淀”创业大赛优胜奖且在海淀地区领取营业执照的创业项目,给予10万元资助。"
    questions = [i["question"] for i in _written(text, HAIDIAN) if i["kind"] == "declaration"]
    assert any("“赢在海淀”" in q for q in questions), questions
    assert not any("地区领取" in q or "在海淀" in q.replace("“赢在海淀”", "") for q in questions), questions


def test_a_threshold_without_a_number_compiles():
    from ingest.pipeline.conditions import clause_requirements

    text = "对当年营业收入突破亿元的企业,给予50万元奖励。"
    leaves = [leaf for _, _, leaf in clause_requirements(text, 0, len(text)).items]
    assert {"fact": "revenue_last_year_yuan", "op": "gt", "value": 100_000_000} in leaves


def test_a_piece_stating_the_money_is_not_asked():
    items = _written(
        "对集群内重大项目,按照贷款实际利息的30%给予贴息补助,建设期内每年给予1000万元补助。", HAIDIAN
    )
    questions = [i.get("question") or "" for i in items if i["kind"] == "declaration"]
    assert not any("给予" in q for q in questions), questions


def test_a_quota_of_the_programme_is_not_asked():
    items = _written("在创业大赛中获奖的青年团队,给予10万元奖励,每年获支持企业数量最多不超过10个。", HAIDIAN)
    questions = [i.get("question") or "" for i in items if i["kind"] == "declaration"]
    assert questions and not any("数量" in q for q in questions), questions


def test_money_for_another_applicant_keeps_the_first_applicants_checks_to_its_own_money():
    from ingest.pipeline.benefits import find_benefits
    from ingest.pipeline.conditions import PolicyScope, clause_conditions, clause_requirements

    text = "对制造业企业最高奖励1亿元,对服务业、其他行业企业最高奖励8000万元。"
    req = clause_requirements(text, 0, len(text))
    condition = clause_conditions(PolicyScope(), req, find_benefits(text, 0, len(text), "CNY"))
    assert "industry_sector" not in str(condition), condition  # other trades are paid too


@pytest.mark.parametrize(
    ("text", "required"),
    [
        # an applicant no fact describes is one of the alternatives: no title is required
        (
            "第一条 认定为专精特新中小企业、国家高新技术企业的企业以及省级科技企业孵化器的运营机构(满足其中一项即可)"
            "开展首贷业务的,给予最高50万元补贴。",
            False,
        ),
        (
            "第一条 获得专精特新中小企业、国家高新技术企业认定或为众创空间运营单位(符合其中之一即可)的,"
            "给予最高30万元奖励。",
            False,
        ),
        # every alternative is a title: one of them is required
        (
            "第一条 认定为专精特新中小企业、国家高新技术企业的企业(满足其中一项即可),给予最高50万元补贴。",
            True,
        ),
        # no alternatives stated: both titles named together stay checks
        ("第一条 对获得国家高新技术企业认定的企业,给予最高20万元奖励。", True),
    ],
)
def test_alternatives_inside_one_phrase(text, required):
    (c,) = support(text)
    titles = [x for x in leaves(c["conditions"]) if x["fact"] == "qualifications"]
    assert bool(titles) is required
    asked = [r for r in c["requirements"] if r["kind"] == "declaration"]
    if not required:
        # the phrase is asked as written, naming every alternative
        assert any("专精特新" in r["text"] for r in asked)


def test_a_heading_is_not_asked_when_the_body_states_requirements():
    (c,) = support(
        "第十条 支持人才引育。支持企业、高校联合开展人才培养,建设产业人才实训基地,给予最高50万元补贴。"
    )
    asked = [r["text"] for r in c["requirements"] if r["kind"] == "declaration"]
    assert asked and not any("人才引育" in t for t in asked), asked
    # a heading that is the only statement of who gets the support stays asked
    (c,) = support("第十条 支持软件产品首版次应用突破。给予首版次创新产品合同金额30%补贴,最高不超过200万元。")
    asked = [r["text"] for r in c["requirements"] if r["kind"] == "declaration"]
    assert any("首版次" in t for t in asked), asked


@pytest.mark.parametrize(
    "text",
    [
        "对吸纳高校毕业生就业的企业,给予每人最高1000元补贴。",  # the company that hires is paid
        "对个人独资企业和合伙企业,给予最高10万元奖励。",  # 个人独资企业 is an enterprise
        "对企业高管个人所得税地方留成部分给予奖励,最高50万元。",
    ],
)
def test_a_person_named_inside_a_companys_phrase_is_not_the_applicant(text):
    (c,) = support(text)
    types = [x for x in leaves(c["conditions"]) if x["fact"] == "entity_type"]
    assert all("individual" not in x["value"] for x in types), types


def test_a_clause_for_persons_is_not_a_companys():
    (c,) = support("对首次创业且正常经营6个月以上的创业者,给予一次性创业资助1万元。")
    policy = {"id": 1, "title": "创业扶持办法", **BJ, "clauses": [c]}
    here = {"province": BJ["province"], "city": BJ["city"], "district": BJ["region"]}
    assert match_clause(c, policy, {**here, "entity_type": "enterprise"}, "2026-11-21").status == "ineligible"
    assert match_clause(c, policy, {**here, "entity_type": "individual"}, "2026-11-21").status != "ineligible"


def test_a_labelled_field_after_listed_conditions_is_not_part_of_the_last_item():
    text = (
        "1、一次性创业资助 补贴条件:(1)初创企业登记注册满6个月;(2)申请时未被列入经营异常名录。 "
        "补贴对象:符合条件的创业者。 补贴标准:10000元。"
    )
    (c,) = [x for x in build_clauses(text, 0, len(text), BJ) if x["kind"] == "support"]
    assert {"fact": "entity_type", "op": "in", "value": ["individual"]} in leaves(c["conditions"])
    assert not any("补贴对象" in r["text"] for r in c["requirements"]), c["requirements"]
