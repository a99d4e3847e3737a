"""Policy splitting: several policies on one page, appendices kept out of the body."""

import pytest

from ingest.pipeline.split import clean_title, is_title_line, split_policies

BODY = "第一条 为支持企业发展,制定本办法。\n第二条 对符合条件的企业给予最高100万元补贴。\n第三条 本办法自发布之日起施行。\n"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("石景山区推动工业互联网产业高质量发展支持办法(试行)", True),
        ("长宁区深入推进人工智能创新产业高质量发展的实施办法(草案)", True),
        ("北京市东城区关于推动金融产业 高质量发展的若干措施", True),
        ("关于印发《某区促进发展若干措施》的通知", True),
        ("长春新区加快培育数实融合新赛道若干政策(后附解读)", True),
        ("三、保障措施", False),
        ("第四章 保障措施", False),
        ("第二部分 支持措施", False),
        ("保障措施", False),
        ("新区政策汇编(解读)", False),
        ("绿色金融重磅支持绿色工厂建设 三类项目将获重点扶持", False),
        ("现将《某区若干措施》印发给你们,请认真贯彻落实。", False),
        ("《长宁区实施办法(草案)》背景介绍", False),
    ],
)
def test_is_title_line(line, expected):
    assert is_title_line(line) is expected


@pytest.mark.parametrize(
    ("line", "title"),
    [
        ("长春新区加快培育数实融合新赛道若干政策(后附解读)", "长春新区加快培育数实融合新赛道若干政策"),
        (
            "北京市东城区关于推动金融产业 高质量发展的若干措施",
            "北京市东城区关于推动金融产业高质量发展的若干措施",
        ),
        ("(正在开展)某区实施办法", "某区实施办法"),
        ("《某区若干措施》", "某区若干措施"),
    ],
)
def test_clean_title(line, title):
    assert clean_title(line) == title


def test_one_policy_with_number_and_date_lines():
    text = "某区支持科技创新若干措施\n某科发〔2024〕1号\n\n" + BODY
    [p] = split_policies(text)
    assert p.title == "某区支持科技创新若干措施"
    assert text[p.body_start : p.body_end].startswith("第一条")
    assert (p.start, p.end) == (0, len(text.rstrip()))


def test_page_with_several_policies():
    titles = [f"某{n}区支持产业发展若干措施" for n in "东西南北"]
    text = "".join(f"{t}\n{BODY}" for t in titles)
    spans = split_policies(text)
    assert [s.title for s in spans] == titles
    for s in spans:
        assert text[s.body_start : s.body_end].startswith("第一条")
        assert text[s.body_start : s.body_end].endswith("施行。")
    assert spans[0].start == 0
    assert spans[1].start == text.index(titles[1])


def test_headline_and_title_form_one_policy():
    text = (
        "(正在开展)修订并发布新一轮某区支持人工智能产业发展的政策实施办法\n\n某区推进人工智能产业发展的实施办法(草案)\n\n"
        + BODY
    )
    [p] = split_policies(text)
    assert p.title == "某区推进人工智能产业发展的实施办法(草案)"


@pytest.mark.parametrize(
    "appendix",
    [
        "《某区实施办法(草案)》背景介绍\n一、制定的必要性\n为支持企业,给予补贴。\n",
        "问:为什么要制定本办法?\n答:为支持企业发展,给予补贴。\n",
        "现将《某区实施办法(草案)》公开征求公众意见。希望各单位提出宝贵意见。\n征求意见截止日期为2023年10月7日。\n",
        "政策解读\n本办法给予最高100万元支持。\n",
        "附件\n申报表\n",
    ],
)
def test_appendix_excluded_from_body(appendix):
    text = "某区实施办法(草案)\n" + BODY + "\n" + appendix
    [p] = split_policies(text)
    assert text[p.body_start : p.body_end].endswith("本办法自发布之日起施行。")
    assert p.end == len(text.rstrip())


def test_no_title_line_gives_one_policy():
    [p] = split_policies(BODY)
    assert (p.start, p.end) == (0, len(BODY.rstrip()))
    assert p.body_end == len(BODY.rstrip())


def test_title_over_two_lines():
    text = "昆山市关于支持半导体产业\n高质量发展的若干政策\n昆政规〔2024〕4号\n" + BODY
    (span,) = split_policies(text)
    assert span.title == "昆山市关于支持半导体产业高质量发展的若干政策"
    assert text[span.title_span[0] : span.title_span[1]] == "昆山市关于支持半导体产业\n高质量发展的若干政策"
    assert text[span.body_start :].startswith("第一条")


def test_red_head_banner_is_not_the_first_title_line():
    text = "某市人民政府文件\n某市关于支持企业发展的若干措施\n" + BODY
    (span,) = split_policies(text)
    assert span.title == "某市关于支持企业发展的若干措施"


@pytest.mark.parametrize(
    "line",
    [
        "某区安全生产操作规程",
        "某区政务服务事项清单",
        "某市关于加快发展的工作方案",
        "某区产业扶持资金管理暂行办法",
    ],
)
def test_more_title_kinds(line):
    assert is_title_line(line)


def test_title_named_only_in_the_print_notice():
    text = (
        "各街道办事处:\n现将《海淀区促进算力产业发展若干措施》印发给你们,请遵照执行。\n海淀区人民政府\n2024年6月1日\n"
        + BODY
    )
    (span,) = split_policies(text)
    assert span.title == "海淀区促进算力产业发展若干措施"
    assert text[span.title_span[0] : span.title_span[1]] == span.title
