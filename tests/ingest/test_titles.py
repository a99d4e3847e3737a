"""Title candidates: reduction of a title line, names in the prose, headlines, menus and the page's choice."""

import pytest

from ingest.pipeline.split import split_policies
from ingest.pipeline.titles import (
    Title,
    best_title,
    field_title,
    headline,
    headline_name,
    in_menu,
    is_byline,
    kind_rank,
    lead_title,
    named_policies,
    reduce_title,
)

BODY = "第一条 为支持企业发展,制定本办法。\n第二条 对符合条件的企业给予最高100万元补贴。\n第三条 本办法自发布之日起施行。\n"


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("某某市人民政府办公厅关于印发某某市促进制造业发展若干措施的通知", "某某市促进制造业发展若干措施"),
        ("某区人民政府关于印发《某区支持科技创新办法》的通知", "某区支持科技创新办法"),
        ("某区人民政府关于印发某区扶持办法的通知(某政发〔2024〕7号))", "某区扶持办法"),
        ("关于《某开发区招商引资促进办法(试行)》的规范性解释", "某开发区招商引资促进办法(试行)"),
        ("某市科学技术局 某市财政局关于支持企业研发的若干措施", "关于支持企业研发的若干措施"),
        (
            "某区关于促进数字经济发展的若干政策",
            "某区关于促进数字经济发展的若干政策",
        ),  # a region, not an organ
        ("《某市稳增长若干举措》(以下简称《举措》)", "某市稳增长若干举措"),
        ("「某某专项基金」", "某某专项基金"),
        (
            "某市人民政府办公室关于印发《某市贯彻落实〈关于稳增长的若干政策措施〉实施方案》的通知",
            "某市贯彻落实〈关于稳增长的若干政策措施〉实施方案",
        ),
    ],
)
def test_reduce_title(line, title):
    assert reduce_title(line) == title


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("发布时间:2024-05-06 来源:某某网", True),
        (" date 2024-01-02 快讯", True),
        ("某某报记者 张三 北京 2024-01-02 10:30", True),
        ("记者 李四", True),
        ("某区支持科技创新办法", False),
        ("对符合条件的企业,于2024年1月1日前给予补贴。", False),
    ],
)
def test_is_byline(line, expected):
    assert is_byline(line) is expected


def test_headline_name_drops_the_flourish():
    assert headline_name("某新区招商引资优惠政策“放大招”") == "某新区招商引资优惠政策"
    assert headline_name("某区出台“扶商”新政,奖励扶持全面升级") == "某区出台“扶商”新政,奖励扶持全面升级"


def test_headline_is_the_line_above_the_byline():
    text = "登录 退出\n手机版\n某市青年创业补贴,请查收\n发布日期:2025-04-08 来源:某局\n1、一次性创业资助\n补贴标准:10000元。"
    h = headline(text)
    assert h is not None and h.title == "某市青年创业补贴,请查收" and h.source == "headline"
    assert text[h.start : h.end] == "某市青年创业补贴,请查收"


def test_named_policies_weigh_publication_alias_and_citation():
    text = (
        "近日,某市政府发布《某市人工智能产业若干政策》(以下简称《若干政策》)。"
        "根据《某省数字经济促进条例》,对企业给予补贴。《若干政策》提出,最高奖励100万元。"
    )
    named = {n.name: n for n in named_policies(text)}
    own = named["某市人工智能产业若干政策"]
    assert own.published and own.alias and not own.cited and own.strong
    assert named["某省数字经济促进条例"].cited and not named["某省数字经济促进条例"].strong


def test_named_policy_with_an_abbreviation_the_page_repeats():
    text = "某部表示,某某小企业创新研发计划(ABCD)明年起调高补助。ABCD 计划分三期,ABCD 先期研究最高150万元。"
    [n] = [n for n in named_policies(text) if n.name.endswith("(ABCD)")]
    assert n.name == "某某小企业创新研发计划(ABCD)"
    assert n.alias


def test_quoted_number_of_articles_is_a_name():
    text = "两区联合发布“金牌8条”。“金牌8条”共30款政策。“金牌8条”对落户企业给予最高500万元扶持。"
    [n] = named_policies(text)
    assert n.name == "金牌8条" and n.mentions == 3 and n.strong


def test_kind_rank_prefers_schemes_over_funds_over_laws():
    assert (
        kind_rank("某市产业奖励补助计划") > kind_rank("某市产业发展基金") > kind_rank("某市产业发展自治条例")
    )


def test_field_title_and_lead_title():
    f = field_title("信息分类:规范性文件\n名  称: 某市人民政府关于印发某市扶持办法的通知\n")
    assert f is not None and f.title == "某市扶持办法" and f.source == "field"
    page = (
        "某省2024年推动产业发展政策清单 某政发〔2024〕3号 为全面贯彻落实会议精神," + "对企业给予支持。" * 20
    )
    lead = lead_title(page)
    assert lead is not None and lead.title == "某省2024年推动产业发展政策清单"
    assert lead_title("某省政策清单 某政发〔2024〕3号 正文很短") is None  # not a run-on page


def test_menu_entries_are_weak_titles():
    text = "申请详情\n某某资助计划\n计划范围\n申请资格\n某某租金资助计划\n行业支援计划\n申请流程\n资助将以配对原则为基础。"
    assert in_menu(text, text.index("某某租金资助计划"))
    assert not in_menu(text, text.index("资助将以"))


def test_news_page_takes_the_policy_it_reports_on():
    text = (
        "某局将跟进受台风影响的企业申请调整还款计划\n2018-09-24 16:08\n来源:某局\n"
        "对已获批准的《某某企业援助计划》受惠企业,可申请调整。企业亦可按《某某企业援助计划》申请免息援助。\n"
    )
    line = Title("某局将跟进受台风影响的企业申请调整还款计划", 0, 22, "line")
    best = best_title(text, line)
    assert best is not None and best.title == "某某企业援助计划" and best.source == "named"


def test_policy_page_keeps_its_title_line():
    text = "某区支持科技创新办法\n发布时间:2024-05-06\n现将《某区支持科技创新办法》印发给你们。\n" + BODY
    line = Title("某区支持科技创新办法", 0, 10, "line")
    assert best_title(text, line) is line


def test_article_without_title_line_uses_the_published_name():
    text = (
        "文章出处:公告通知 责任编辑:某某 发表时间:2025-09-02\n"
        "近日,某市人民政府发布《某市打造人工智能高地若干政策》,全文如下:\n"
        "一、优化算力供给\n对新获批的国家绿色数据中心给予100万元一次性奖励。\n"
    )
    [p] = split_policies(text)
    assert p.title == "某市打造人工智能高地若干政策"
    assert text[p.title_span[0] : p.title_span[1]] == "《某市打造人工智能高地若干政策》"


def test_title_broken_over_lines_with_blank_lines_between():
    text = "某市贯彻落实《关于稳增长\n\n的若干政策\n\n措施》实施方案\n\n" + BODY
    [p] = split_policies(text)
    assert p.title == "某市贯彻落实《关于稳增长的若干政策措施》实施方案"


def test_two_fund_schemes_on_one_page():
    body = "资助范围\n任何有助企业拓展市场的项目均可申请资助,政府最多资助项目开支的50%。\n资助金额\n每家企业最高资助100万元。\n"
    text = "「某某品牌发展专项基金」\n" + body + "\n「某某市场推广基金」\n" + body
    spans = split_policies(text)
    assert [s.title for s in spans] == ["某某品牌发展专项基金", "某某市场推广基金"]


def test_an_article_reference_is_not_a_title():
    from ingest.pipeline.split import is_title_line

    assert not is_title_line("具体标准按照本办法第十二条")
    assert is_title_line("某区支持实体经济发展十二条")


def test_compilation_with_a_numbered_heading_per_policy():
    text = (
        "某区惠企政策汇编\n"
        "一、《某区支持科技创新若干措施》\n1. 对新认定的国家高新技术企业给予最高100万元奖励。\n2. 对企业年度研发投入按实际发生额的10%给予补助,最高50万元。\n"
        "二、《某区促进消费实施办法》\n1. 对年销售额首次突破1亿元的商贸企业给予最高30万元奖励。\n2. 对新开设的国内外知名品牌首店、旗舰店,一次性给予开办补贴10万元。\n"
    )
    spans = split_policies(text)
    assert [s.title for s in spans] == ["某区支持科技创新若干措施", "某区促进消费实施办法"]
    assert "30万元" in text[spans[1].body_start : spans[1].body_end]
    assert "30万元" not in text[spans[0].body_start : spans[0].body_end]


def test_one_named_heading_is_a_section_not_a_policy():
    text = "某区若干措施\n一、《某区支持科技创新若干措施》的主要内容\n1. 对企业给予最高100万元奖励。\n"
    assert len(split_policies(text)) == 1


def test_a_service_page_names_its_policy_in_a_basis_field():
    text = (
        "某某咨询:高企认定一站式服务\n政策依据:《某区支持科技创新若干措施》\n申报条件:在本区注册的高新技术企业。\n"
        "支持标准:对新认定的高新技术企业给予最高100万元奖励,对研发投入给予补助。\n"
    )
    [p] = split_policies(text)
    assert p.title == "某区支持科技创新若干措施"
    assert text[p.title_span[0] : p.title_span[1]] == "某区支持科技创新若干措施"
