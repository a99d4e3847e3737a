"""Metadata: 文号 variants, dates, drafts, repeals, stacking and places."""

import datetime as dt

import pytest

from ingest.pipeline.metadata import (
    cn_number,
    extract_metadata,
    find_doc_number,
    find_effective,
    find_stacking,
    find_supersedes,
)
from ingest.pipeline.places import gazetteer


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("京技管发〔2024〕29号", "京技管发〔2024〕29号"),
        ("长新管规﹝2023﹞11 号", "长新管规〔2023〕11号"),
        ("京技管发[2024]29号", "京技管发〔2024〕29号"),
        ("京技管发［2024］29号", "京技管发〔2024〕29号"),
        ("京技管发(2024)29号", "京技管发〔2024〕29号"),
        ("京技管发(2024)29號", "京技管发〔2024〕29号"),
        ("京技管发【2024】第29号", "京技管发〔2024〕29号"),
        ("京技管发 〔 2024 〕 029 号", "京技管发〔2024〕29号"),
        ("发文字号:沪府办〔2017〕66号 其他", "沪府办〔2017〕66号"),
    ],
)
def test_doc_number_variants(text, expected):
    found = find_doc_number(text, header_end=len(text))
    assert found is not None
    assert found[0] == expected


@pytest.mark.parametrize(
    "text",
    [
        "根据《新一代人工智能发展规划》(国发〔2017〕35号)等文件精神,制定本办法。",
        "第一条 依据《某市若干措施》(京经信发〔2022〕162号),制定本办法。",
    ],
)
def test_cited_doc_numbers_are_not_the_documents_own(text):
    assert find_doc_number(text, header_end=0) is None


@pytest.mark.parametrize(
    ("s", "n"),
    [
        ("12", 12),
        ("十", 10),
        ("十二", 12),
        ("二十三", 23),
        ("三十", 30),
        ("一百零五", 105),
        ("二〇二四", 2024),
        ("两", 2),
    ],
)
def test_cn_number(s, n):
    assert cn_number(s) == n


@pytest.mark.parametrize(
    ("text", "published", "start", "until"),
    [
        ("本办法自发布之日起施行。", None, None, None),
        ("本办法自发布之日起施行。", dt.date(2024, 11, 24), "2024-11-24", None),
        ("本政策自发布之日起30日后施行。", None, None, None),
        ("本政策自发布之日起30日后施行。", dt.date(2024, 1, 10), "2024-02-09", None),
        (
            "本措施自公布之日30日后施行,有效期至2028年4月30日止。",
            dt.date(2025, 3, 1),
            "2025-03-31",
            "2028-04-30",
        ),
        ("本实施办法自2024年1月1日起施行,有效期至2026年12月31日为止。", None, "2024-01-01", "2026-12-31"),
        ("本细则自2024年1月1日起施行,有效期三年。", None, "2024-01-01", "2026-12-31"),
        ("本细则自发布之日起施行,有效期三年。", None, None, None),
        ("自二〇二四年三月一日起实施,有效期5年。", None, "2024-03-01", "2029-02-28"),
        (
            "本政策自公布之日起施行,有效期至2027年12月31日。",
            dt.date(2024, 11, 24),
            "2024-11-24",
            "2027-12-31",
        ),
        ("执行期至2028年12月31日止。", None, None, "2028-12-31"),
    ],
)
def test_effective_dates(text, published, start, until):
    (s, _), (u, _) = find_effective(text, published)
    assert (s.isoformat() if s else None) == start
    assert (u.isoformat() if u else None) == until


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("按照从优不重复的原则予以支持。", "从优不重复"),
        ("按照“就高不重复”的原则执行。", "就高不重复"),
        ("按照就高原则,对差额部分给予支持。", "就高原则"),
        ("可按最优执行,但不重复执行,具体以细则为准。", "按最优执行,但不重复执行"),
        ("按从高、从优、不重复原则予以支持。", "从高、从优、不重复"),
        ("同一项目不重复享受区级支持。", "不重复享受"),
        ("对获得重大专项的企业,按照“就高不就低”原则,给予50%的区级配套。", None),
        ("本办法由区科委负责解释。", None),
    ],
)
def test_stacking_rule_as_written(text, rule):
    found = find_stacking(text)
    assert (found[0] if found else None) == rule


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("原政策(京技管发〔2024〕10號)同时废止。", ["京技管发〔2024〕10号"]),
        ("原《某区若干措施》(通经信局〔2024〕136号)作废。", ["通经信局〔2024〕136号"]),
        ("《某区支持办法》同时废止。", ["某区支持办法"]),
        ("根据《某规划》(国发〔2017〕35号)制定本办法。", []),
    ],
)
def test_supersedes(text, expected):
    assert [v for v, _ in find_supersedes(text, None)] == expected


@pytest.mark.parametrize(
    ("title", "body", "province", "city", "region"),
    [
        (
            "朝阳区关于支持互联网3.0创新发展的若干措施",
            "对获得国家、北京市立项支持的项目给予配套。",
            "北京市",
            "北京市",
            "朝阳区",
        ),
        (
            "朝阳区支持数字经济发展若干措施",
            "对在长春市朝阳区注册的吉林省企业给予支持。",
            "吉林省",
            "长春市",
            "朝阳区",
        ),
        ("长春新区加快培育数实融合新赛道若干政策", "经长春新区认定。", "吉林省", "长春市", "长春新区"),
        (
            "北京经济技术开发区关于加快打造AI原生产业创新高地的若干政策",
            "",
            "北京市",
            "北京市",
            "北京经济技术开发区",
        ),
        (
            "长宁区深入推进人工智能创新产业高质量发展的实施办法(草案)",
            "上海市长宁区",
            "上海市",
            "上海市",
            "长宁区",
        ),
        ("北京市东城区推动文化产业高质量发展的若干措施", "", "北京市", "北京市", "东城区"),
        ("关于支持北京城市副中心数字经济高质量发展的实施细则", "", "北京市", "北京市", "通州区"),
        (
            "关于支持科技企业发展的若干措施",
            "在浦东新区注册的企业。浦东新区财政局负责。",
            "上海市",
            "上海市",
            "浦东新区",
        ),
    ],
)
def test_place(title, body, province, city, region):
    text = title + "\n" + body
    m = extract_metadata(text, 0, len(text), len(title) + 1, len(text), title)
    assert (m.values["province"], m.values["city"], m.values["region"]) == (province, city, region)


def test_address_hint_used_when_title_has_no_place():
    title = "关于精准支持某科学仪器产业创新发展的若干措施"
    text = title + "\n第一条 给予支持。"
    m = extract_metadata(text, 0, len(text), len(title) + 1, len(text), title, None, ["北京怀柔区"])
    assert (m.values["city"], m.values["region"]) == ("北京市", "怀柔区")


def test_cover_letter_metadata_with_evidence():
    text = (
        "京技管发〔2024〕29号\n工委、管委会各机构:\n现将《某若干政策》印发给你们,请认真抓好贯彻落实。\n"
        "北京经济技术开发区管理委员会\n2024年11月24日\n某若干政策\n"
        "第一条 给予最高100万元支持。\n本政策自公布之日起施行,有效期至2027年12月31日。"
        "同一项目按照“从优不重复”原则予以支持。原政策(京技管发〔2024〕10号)同时废止。"
    )
    body_start = text.index("第一条")
    m = extract_metadata(text, 0, len(text), body_start, len(text), "某若干政策")
    v = m.values
    assert v["doc_number"] == "京技管发〔2024〕29号"
    assert v["issuer"] == "北京经济技术开发区管理委员会"
    assert v["published_on"] == "2024-11-24"
    assert v["effective_from"] == "2024-11-24"
    assert v["effective_until"] == "2027-12-31"
    assert v["stacking"] == "从优不重复"
    assert v["supersedes"] == ["京技管发〔2024〕10号"]
    assert v["is_draft"] is False
    a, b = m.evidence["doc_number"]
    assert text[a:b] == "京技管发〔2024〕29号"
    a, b = m.evidence["stacking"]
    assert text[a:b] == "从优不重复"


@pytest.mark.parametrize(
    ("title", "draft"),
    [
        ("某区实施办法(草案)", True),
        ("某区若干措施(征求意见稿)", True),
        ("某区若干措施(试行)", False),
    ],
)
def test_is_draft(title, draft):
    text = title + "\n第一条 给予支持。"
    m = extract_metadata(text, 0, len(text), len(title) + 1, len(text), title)
    assert m.values["is_draft"] is draft


def test_gazetteer_is_loaded_once():
    assert gazetteer() is gazetteer()
    assert {p.city for p in gazetteer().districts["朝阳区"]} == {"北京市", "长春市"}
