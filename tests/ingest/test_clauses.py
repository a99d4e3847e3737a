"""Clause tree: label kinds, nesting, numbering sequences, headings, spans, leaves."""

from __future__ import annotations

import pytest

from ingest.pipeline.clauses import build_clauses, parse_tree

META = {"province": "北京市", "city": "北京市", "region": "朝阳区", "stacking": None, "title": None}


def numbers(text: str) -> list[str]:
    return [c["number"] for c in build_clauses(text, 0, len(text), META)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("第一条 甲。\n第二条 乙。\n", ["第一条", "第二条"]),
        (
            "第一章 总 则\n第一条 甲。\n第二章 支持\n第二条 乙。\n",
            ["第一章", "第一章/第一条", "第二章", "第二章/第二条"],
        ),
        (
            "一、甲\n(一)子一。\n(二)子二。\n二、乙\n(三)子三。\n",
            ["一、", "一、/(一)", "一、/(二)", "二、", "二、/(三)"],
        ),
        ("一、甲\n1.子一。\n2.子二。\n二、乙\n1.子三。\n", ["一、", "一、/1.", "一、/2.", "二、", "二、/1."]),
        (
            "二、措施\n(一)算力\n第一条 甲。\n第二条 乙。\n(二)模型\n第三条 丙。\n",
            ["二、", "二、/(一)", "二、/(一)/第一条", "二、/(一)/第二条", "二、/(二)", "二、/(二)/第三条"],
        ),
        (
            "第一条 甲 1.对A给予1.5万元补助。 2.对B给予2万元补助。 第二条 乙。",
            ["第一条", "第一条/1.", "第一条/2.", "第二条"],
        ),
        ("(一)甲。\n(1)子。\n(2)子。\n(二)乙。", ["(一)", "(一)/(1)", "(一)/(2)", "(二)"]),
        ("1、甲。\n2、乙。\n", ["1、", "2、"]),
        # 第X部分 parts hold their own 一、 numbering
        (
            "第一部分 总体要求\n为了。\n第二部分 支持措施\n一、甲\n(一)子。\n第三部分 保障措施\n一、乙。\n",
            ["第一部分", "第二部分", "第二部分/一、", "第二部分/一、/(一)", "第三部分", "第三部分/一、"],
        ),
        # table rows numbered by their 序号 cell; a number cell later in a row is not a label
        (
            "一、标准\n序号\t事项\t标准\n1\t落户\t最高100万元\n2\t研发\t2\t最高50万元\n二、其他\n",
            ["一、", "一、/1", "一、/2", "二、"],
        ),
    ],
)
def test_numbering_and_nesting(text, expected):
    assert numbers(text) == expected


def test_amount_decimal_is_not_a_label():
    text = "第一条 给予最高1.5万元补助。\n2.5万元以上的不予支持。\n"
    assert numbers(text) == ["第一条"]


def test_out_of_sequence_numbers_are_not_labels():
    text = "第一条 甲。\n第三条 见第五条。\n第二条 乙。\n"
    assert numbers(text) == ["第一条", "第二条"]


def test_references_inside_sentences_are_not_labels():
    text = "第一条 按照本办法第二条规定执行。\n第二条 乙。"
    assert numbers(text) == ["第一条", "第二条"]


@pytest.mark.parametrize(
    ("text", "heading"),
    [
        (
            "第四条 支持创新服务平台载体建设。支持重点高校建设平台,给予最高1000万元支持。",
            "支持创新服务平台载体建设",
        ),
        ("(一)支持建设公共技术服务平台。对平台给予补贴。", "支持建设公共技术服务平台"),
        ("第一条(目的和依据)\n为进一步推动发展,特制定本办法。", "目的和依据"),
        ("第十五条 对重大项目,经区政府研究予以综合政策支持。", None),
        ("第二十二条 本办法自发布之日起施行。", None),
        ("5.综合贡献补助:对前10名的企业最高可给予500万元补助。", "综合贡献补助"),
        # a flattened clause whose heading ends at a blank, with a line break later in the clause
        (
            "2.支持开展共性技术标准创制 支持企业围绕关键技术领域开展标准制定。\n对已公布的标准给予100万元。",
            "支持开展共性技术标准创制",
        ),
        ("2.支持标准创制 支持企业围绕技术领域开展标准制定。\n对标准给予100万元。", "支持标准创制"),
        ("(二)强化重点单位、重大项目落地扶持。对重点单位给予支持。", "强化重点单位、重大项目落地扶持"),
        ("3.对获得认定的企业、机构给予奖励。", None),
        # a blank inside a PDF-wrapped sentence is not the end of a heading
        ("3. 支持概念验证平台、中试验证平台和共性 技术平台等公共平台建设,最高给予3000 万支持。", None),
        ("4.支持企业与政府合作共同出资设立自然科 学联合基金。", None),
    ],
)
def test_heading(text, heading):
    (clause,) = build_clauses(text, 0, len(text), META)
    assert clause["heading"] == heading


def test_chapter_heading_collapses_spaces():
    text = "第一章 总 则\n第一条 甲。"
    assert build_clauses(text, 0, len(text), META)[0]["heading"] == "总则"


def test_spans_and_text_point_into_the_document():
    text = "前言。\n第一条 甲。\n第二条 给予100万元。\n\n"
    clauses = build_clauses(text, 4, len(text), META)
    for c in clauses:
        s, e = c["span"]
        assert text[s:e] == c["text"]
    assert clauses[1]["text"] == "第二条 给予100万元。"


def test_sub_items_with_amounts_are_emitted_and_parent_is_not_a_leaf():
    text = "第一条 促进总部经济 1.对总部给予最高3000万元补助。 2.对研发中心给予最高100万元补助。"
    clauses = build_clauses(text, 0, len(text), META)
    by = {c["number"]: c for c in clauses}
    assert by["第一条"]["leaf"] is False
    assert by["第一条"]["max_amount_yuan"] is None  # the sub-items carry the amounts
    assert by["第一条/1."]["max_amount_yuan"] == 30_000_000
    assert by["第一条/2."]["max_amount_yuan"] == 1_000_000


def test_a_parent_states_only_its_own_amounts():
    text = "第一条 支持总部经济,单个企业累计最高500万元。 1.对总部给予最高300万元补助。 2.对研发中心按投入的30%给予补助。"
    by = {c["number"]: c for c in build_clauses(text, 0, len(text), META)}
    assert (by["第一条"]["max_amount_yuan"], by["第一条"]["ratios"]) == (5_000_000, [])
    assert by["第一条/1."]["max_amount_yuan"] == 3_000_000
    assert by["第一条/2."]["ratios"] == [0.3]


def test_condition_lists_fold_into_their_clause():
    text = "3.同时满足以下条件的,给予最高80万元补助:\n(1)年销售额不低于2000万元;\n(2)入统次年增幅不低于平均增幅的。\n4.乙。"
    clauses = build_clauses(text, 0, len(text), META)
    assert [c["number"] for c in clauses] == ["3.", "4."]
    assert clauses[0]["max_amount_yuan"] == 800_000


def test_kinds():
    text = "第一条 为推动发展,特制定本办法。\n第二条 对企业给予最高100万元奖励。\n第三条 本办法由区科委负责解释。"
    kinds = [c["kind"] for c in build_clauses(text, 0, len(text), META)]
    assert kinds == ["general", "support", "general"]


def test_body_without_labels_with_money_is_one_clause():
    text = "对新认定的企业给予最高50万元奖励。"
    (clause,) = build_clauses(text, 0, len(text), META)
    assert clause["number"] == "" and clause["max_amount_yuan"] == 500_000


def test_parse_tree_ends():
    text = "一、甲\n(一)子。\n二、乙"
    roots = parse_tree(text, 0, len(text))
    assert [text[n.start : n.end] for n in roots] == ["一、甲\n(一)子。", "二、乙"]


def test_clause_fields_follow_ingest_json():
    text = "第三条 支持关键技术攻关。对入选项目,按照项目支持资金30%予以补助,最高900万元。(责任部门:科技局、财政局)"
    (c,) = build_clauses(text, 0, len(text), META)
    assert c["max_amount_yuan"] == 9_000_000
    assert c["amounts_yuan"] == [9_000_000]
    assert c["ratios"] == [0.3]
    assert c["departments"] == ["科技局", "财政局"]
    (b,) = c["benefits"]
    assert b["kind"] == "subsidy" and b["ratio"] == 0.3 and b["cap_yuan"] == 9_000_000
    assert b["base"] == "项目支持资金"
    assert text[b["evidence"][0] : b["evidence"][1]] == "900万元"


def _paragraph_figures(text: str) -> list[tuple[list[int], list[float]]]:
    return [(c["amounts_yuan"], c["ratios"]) for c in build_clauses(text, 0, len(text), META)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # one clause per paragraph that states support; headings and prose without figures are none
        (
            "某区出台新政。\n投资奖励方面\n对新落户项目给予最高200万元奖励。\n"
            "人才方面\n对引进的团队给予50万元补贴。\n相关细则另行制定。",
            [([2_000_000], []), ([500_000], [])],
        ),
        # a lead that only repeats a figure stated later is not a clause
        (
            "新政给予最高300万元奖励。\n对研发投入大的企业,按研发费用的10%给予补助,最高300万元。",
            [([3_000_000], [0.1])],
        ),
        (
            "新政给予最高9.5%的奖励。\n根据投资强度给予最低2%、最高9.5%的奖励。",
            [([], [0.02, 0.095])],
        ),
        # a caption repeating the figures (photo credit) is not a clause either
        (
            "对研发项目给予最高100万元补助。\n"
            "研发补助上调至最高100万元。(资料照)\n"
            "其中先期研究补助最高50万元,研究开发最高100万元,加值应用最高80万元。",
            [([500_000, 1_000_000, 800_000], [])],
        ),
        # a later paragraph stating a figure an earlier one stated is its own clause
        (
            "对人才给予最高50万元补贴;对数据项目最高给予500万元奖励。\n对产业园每年最高500万元奖补。",
            [([500_000, 5_000_000], []), ([5_000_000], [])],
        ),
        # a bullet digest run onto one line, with citation marks; equal figures stay separate bullets
        (
            "制造业 - 对A类企业给予最高100万元奖励 [1] - 对B类企业给予最高100万元奖励 [1] 服务业"
            " - 对C类企业分别给予50万元、80万元奖励 [2] - 年营业收入每增加1000万元,可获得5万元奖励 [2]",
            [([1_000_000], []), ([1_000_000], []), ([500_000, 800_000], [])],
        ),
        # a short paragraph stating the same figure as a later one is kept (only strict repeats are captions)
        (
            "政府最多资助项目开支的50%。\n累计资助总额不得超过1,500万元。\n在计算累积资助金额时,关联企业视为同一企业,"
            "总累积资助上限为1,500万元,申请者须在申请时申报其已申请或已接受的其他资助,以免重复资助同一项目。",
            [([], [0.5]), ([15_000_000], []), ([15_000_000], [])],
        ),
        # a definition restating a cap stated elsewhere is not a support paragraph
        (
            "每家企业累计资助总额不得超过1,500万元。\n「关联人士」指相同股东持股达30%的企业,在计算累积资助金额时,"
            "申请企业与关联人士视为同一企业,总累积资助上限为1,500万元。",
            [([15_000_000], [])],
        ),
        # a date in a news lead is not an item
        ("记者(30) 日表示,研究开发补助最高 1200万元。", [([12_000_000], [])]),
        # "- " bullets on their own lines
        ("资助金额\n- 单个项目最高10万元。\n- 每家企业累计最高40万元。", [([100_000], []), ([400_000], [])]),
    ],
)
def test_prose_without_markers_gives_one_clause_per_support_paragraph(text, expected):
    assert _paragraph_figures(text) == expected


@pytest.mark.parametrize(
    ("text", "meta", "currency", "amounts_yuan"),
    [
        ("对企业给予最高50万元奖励。", {}, "CNY", [500_000]),
        # a Hong Kong scheme names 港币 once; its bare 元 are HKD too
        ("资助上限为港币100万元。\n每家企业累计资助最多300万元。", {}, "HKD", [3_000_000]),
        ("每个项目资助最高100万港元。", {}, "HKD", [1_000_000]),
        ("给予最高澳门币五十万元资助。", {}, "MOP", [500_000]),
        ("补助金额最高新台币3000万元。", {}, "TWD", [30_000_000]),
        # a Taiwanese text dated in the ROC calendar, no currency word
        ("自 115年1月1日起,研究开发补助最高 1200万元。", {}, "TWD", [12_000_000]),
        # the place decides when the text names no currency
        ("每个项目资助最高100万元。", {"province": "香港特别行政区"}, "HKD", [1_000_000]),
        # a traditional-script report of a mainland policy that says the amounts are RMB
        (
            "分档给予100万元(人民币,下同)至1000万元的奖励。报导提及港币汇率。",
            {},
            "CNY",
            [1_000_000, 10_000_000],
        ),
        # an amount in another currency than the clause's is not listed with it
        ("给予最高港币100万元资助,另给予50万美元奖励。", {}, "HKD", [1_000_000]),
    ],
)
def test_every_amount_carries_its_currency(text, meta, currency, amounts_yuan):
    m = {**META, "province": None, "city": None, "region": None} | meta
    clauses = [c for c in build_clauses(text, 0, len(text), m) if c["amounts_yuan"]]
    assert [(c["currency"], c["amounts_yuan"]) for c in clauses][-1] == (currency, amounts_yuan)
    for c in clauses:
        assert all(b["currency"] == c["currency"] for b in c["benefits"] if b["cap_yuan"])


def test_a_field_line_closes_the_list_of_items_above_it():
    text = (
        "1、创业资助\n补贴条件:\n(1)登记注册满6个月;\n(2)正常缴纳社会保险费。\n补贴对象:创业者。\n补贴标准:10000元。\n"
        "2、租金补贴\n补贴条件:\n(1)租赁场地经营;\n(2)申请时未列入异常名录。\n补贴标准:每年补贴6000元。"
    )
    clauses = build_clauses(text, 0, len(text), META)
    # the conditions fold into their clause, and the standard after them is the clause's own
    assert [(c["number"], c["amounts_yuan"]) for c in clauses] == [("1、", [10_000]), ("2、", [6_000])]


def test_items_carrying_money_keep_it_and_the_tail_stays_with_the_parent():
    text = (
        "一、研发奖励\n支持方式:\n(一)对A类项目给予最高50万元奖励;\n(二)对B类项目给予最高30万元奖励。\n"
        "奖励总额:同一企业每年累计不超过100万元。\n二、附则"
    )
    rows = [(c["number"], c["amounts_yuan"]) for c in build_clauses(text, 0, len(text), META)]
    assert rows[:3] == [("一、", [1_000_000]), ("一、/(一)", [500_000]), ("一、/(二)", [300_000])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # markers spaced out by PDF extraction
        (
            "第 8 条 对企业给予最高50万元奖励。\n第 9 条 甲。\n第 1 0 条 对平台给予最高100万元奖励。",
            [("第8条", [500_000]), ("第9条", []), ("第10条", [1_000_000])],
        ),
        (
            "一 、支持研发\n对企业给予最高50万元奖励。\n二 、支持平台\n对平台给予最高100万元奖励。",
            [("一、", [500_000]), ("二、", [1_000_000])],
        ),
        # (a)(b) items with (i)(ii) sub-items
        (
            "(a) 对企业给予最高50万元奖励。\n(b) 对平台分级奖励:\n(i) 国家级给予100万元;\n(ii) 省级给予50万元。",
            [("(a)", [500_000]), ("(b)", []), ("(b)/(i)", [1_000_000]), ("(b)/(ii)", [500_000])],
        ),
        # 甲类 / 乙类 and A类 / B类 items
        (
            "甲类项目:给予最高50万元资助。\n乙类项目:给予最高30万元资助。",
            [("甲类", [500_000]), ("乙类", [300_000])],
        ),
        ("A类:给予最高50万元资助。\nB类:给予最高30万元资助。", [("A类", [500_000]), ("B类", [300_000])]),
        # 1.1 / 1.2 / 2.1 decimal item numbers; 1.5万元 is an amount, not an item
        (
            "1.1 对企业给予最高50万元奖励。\n1.2 对平台给予最高100万元奖励。\n2.1 对人才给予最高20万元补贴。\n1.5万元以下不予支持。",
            [("1.1", [500_000]), ("1.2", [1_000_000]), ("2.1", [200_000])],
        ),
        # rows of a "|" table whose first cell is the row number
        (
            "| 序号 | 项目 | 标准 |\n| 1 | 研发奖励 | 最高50万元 |\n| 2 | 平台奖励 | 最高100万元 |",
            [("1", [500_000]), ("2", [1_000_000])],
        ),
        # a Q&A page: the question is the item, the answer its text
        (
            "一、可以申请多少补贴?\n答:每家企业最高可获30万元补贴。\n二、如何申请?\n答:网上申请。",
            [("一、", [300_000]), ("二、", [])],
        ),
    ],
)
def test_real_world_numbering(text, expected):
    rows = [(c["number"], c["amounts_yuan"]) for c in build_clauses(text, 0, len(text), META)]
    assert rows[: len(expected)] == expected
