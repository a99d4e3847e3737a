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
from places import gazetteer


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
        # districts created after the shipped division list (data/adcodes_added.csv)
        (
            "深圳市光明区关于支持新材料产业集群发展的若干措施",
            "对企业给予支持。",
            "广东省",
            "深圳市",
            "光明区",
        ),
        ("临平区促进数字经济发展若干政策", "对企业给予支持。", "浙江省", "杭州市", "临平区"),
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


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("本措施自发布之日起执行,至2027年12月31日结束。", None, (None, "2027-12-31")),
        ("有效期自2024年7月1日至2027年6月30日。", None, ("2024-07-01", "2027-06-30")),
        ("有效期为2024年1月1日至2026年12月31日。", None, ("2024-01-01", "2026-12-31")),
        ("有效期:2024年1月1日-2025年12月31日。", None, ("2024-01-01", "2025-12-31")),
        ("本办法自2024年1月1日起至2026年12月31日止执行。", None, ("2024-01-01", "2026-12-31")),
        ("本办法自印发之日起施行,施行至2026年6月30日。", None, (None, "2026-06-30")),
        ("本措施自发布之日起施行,有效期3年。", None, (None, None)),
        ("本措施自发布之日起施行,有效期3年。", dt.date(2024, 3, 5), ("2024-03-05", "2027-03-04")),
        ("本办法自发布之日起30日后施行。", dt.date(2024, 3, 5), ("2024-04-04", None)),
        ("本办法试行期2年,自2024年3月1日起施行。", None, ("2024-03-01", "2026-02-28")),
        (
            "申报截止2024年5月31日止。本办法自2024年1月1日起施行,有效期三年。",
            None,
            ("2024-01-01", "2026-12-31"),
        ),
    ],
)
def test_effective_variants(text, published, expected):
    (start, _), (until, _) = find_effective(text, published)
    assert (start and start.isoformat(), until and until.isoformat()) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("某某办法\n朝政发【2024】3号\n", "朝政发〔2024〕3号"),
        ("某某办法\n朝政发[2024]3号\n", "朝政发〔2024〕3号"),
        ("某某办法\n文号:\t朝政发(2024)3號\n", "朝政发〔2024〕3号"),
        ("关于印发某某的通知\n按照朝政发〔2020〕1号文件要求,现印发。\n", None),
        ("某某办法\n各单位:原朝政发〔2020〕1号同时废止。\n", None),
    ],
)
def test_doc_number_own_versus_cited(text, expected):
    found = find_doc_number(text, len(text))
    assert (found and found[0]) == expected


def _meta(text: str, title: str, body_start: int):
    return extract_metadata(text, 0, len(text), body_start, len(text), title).values


def test_issuer_and_date_from_print_notice_and_signature():
    text = (
        "广州市天河区人民政府办公室关于印发《天河区促进软件业发展若干措施》的通知\n穗天府办规〔2024〕2号\n"
        "各街道办事处:\n现将《天河区促进软件业发展若干措施》印发给你们。\n广州市天河区人民政府办公室\n二〇二四年三月五日\n"
    )
    body = "一、对企业给予奖励50万元。\n二、本措施自印发之日起施行,有效期三年。\n"
    v = _meta(text + body, "天河区促进软件业发展若干措施", len(text))
    assert v["issuer"] == "广州市天河区人民政府办公室"
    assert v["published_on"] == "2024-03-05"
    assert (v["effective_from"], v["effective_until"]) == ("2024-03-05", "2027-03-04")
    assert (v["province"], v["city"], v["region"]) == ("广东省", "广州市", "天河区")


def test_issuer_from_print_notice_without_signature():
    text = (
        "北京市朝阳区人民政府办公室关于印发《朝阳区促进文化产业发展的若干措施》的通知\n朝政办发〔2024〕3号\n"
    )
    v = _meta(text + "一、给予奖励50万元。\n", "朝阳区促进文化产业发展的若干措施", len(text))
    assert v["issuer"] == "北京市朝阳区人民政府办公室"
    assert v["published_on"] is None


def test_scraped_header_fields_prefer_publication_over_writing_date():
    text = (
        "索引号\t000014349/2024-00101\t主题分类\t科技\n发文机关\t武汉市人民政府\t成文日期\t2024年05月06日\n"
        "发文字号\t武政规〔2024〕8号\t发布日期\t2024-05-10\n武汉市关于支持科技创新的若干政策\n"
    )
    v = _meta(
        text + "一、给予奖励50万元。\n二、本政策自发布之日起施行。\n",
        "武汉市关于支持科技创新的若干政策",
        len(text),
    )
    assert (v["issuer"], v["doc_number"], v["published_on"]) == (
        "武汉市人民政府",
        "武政规〔2024〕8号",
        "2024-05-10",
    )
    assert v["effective_from"] == "2024-05-10"
    assert (v["province"], v["city"], v["region"]) == ("湖北省", "武汉市", "武汉市")


def test_repealed_number_goes_to_supersedes():
    text = "天津滨海新区关于促进生物医药产业发展的若干措施\n津滨政发【2024】7号\n"
    body = "一、给予奖励50万元。\n二、本措施自发布之日起施行。原《某某措施》(津滨政发[2021]3号)同时废止。\n"
    v = _meta(text + body, "天津滨海新区关于促进生物医药产业发展的若干措施", len(text))
    assert v["doc_number"] == "津滨政发〔2024〕7号"
    assert v["supersedes"] == ["津滨政发〔2021〕3号"]
    assert v["effective_from"] is None  # 自发布之日起 with no known date
    assert (v["province"], v["city"], v["region"]) == ("天津市", "天津市", "滨海新区")


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        ("青岛西海岸新区关于支持海洋经济发展的若干政策", "", ("山东省", "青岛市", "青岛西海岸新区")),
        ("西安高新区支持硬科技企业发展的若干政策", "", ("陕西省", "西安市", "西安高新区")),
        (
            "深圳市关于加快培育新型储能产业的若干措施",
            "在宝安区、龙岗区建设。宝安区",
            ("广东省", "深圳市", "深圳市"),
        ),
        ("江苏省关于推动智能制造发展的若干政策措施", "南京市、苏州市", ("江苏省", None, "江苏省")),
        ("北京市关于支持企业发展的若干措施", "朝阳区", ("北京市", "北京市", "北京市")),
        ("昆山市关于支持半导体产业发展的若干政策", "", ("江苏省", "苏州市", "昆山市")),
        ("长兴县关于加快新能源产业发展的若干政策", "", ("浙江省", "湖州市", "长兴县")),
        ("准格尔旗关于支持煤化工产业发展的若干措施", "", ("内蒙古自治区", "鄂尔多斯市", "准格尔旗")),
        ("朝阳区关于支持汽车产业发展的若干措施", "长春市朝阳区人民政府", ("吉林省", "长春市", "朝阳区")),
        ("朝阳区关于支持数字经济发展的若干措施", "北京市朝阳区", ("北京市", "北京市", "朝阳区")),
    ],
)
def test_place_levels(title, text, expected):
    from ingest.pipeline.metadata import find_place

    place, _ = find_place(title, title + "\n" + text, [], None)
    assert (place.province, place.city, place.region) == expected


def test_zone_words_between_city_and_suffix_only_in_names():
    g = gazetteer()
    assert [p.region for _, _, p in g.zone_mentions("青岛西海岸新区", loose=True)] == ["青岛西海岸新区"]
    assert g.zone_mentions("支持青岛企业落户新区", loose=True) == []
    assert [p.region for _, _, p in g.zone_mentions("天津滨海新区", loose=True)] == ["滨海新区"]


@pytest.mark.parametrize(
    ("header", "issuer"),
    [
        # joint issuers on a line of their own over the notice title
        (
            "广州市黄埔区人民政府  广州开发区管理委员会\n关于印发某某办法的通知\n穗埔府规〔2024〕5号\n",
            "广州市黄埔区人民政府、广州开发区管理委员会",
        ),
        # joint issuers in front of 关于印发
        (
            "广州市黄埔区人民政府 广州开发区管理委员会关于印发《某某办法》的通知\n穗埔府规〔2025〕2号\n",
            "广州市黄埔区人民政府、广州开发区管理委员会",
        ),
        # joint issuers in the signature block of the notice, above its date
        (
            "关于印发某某措施的通知\n各有关单位:\n现将《某某措施》印发给你们。\n"
            "广州市南沙区人民政府  广州南沙开发区管理委员会\n2024年3月15日\n",
            "广州市南沙区人民政府、广州南沙开发区管理委员会",
        ),
        ("区发展改革局、区财政局关于印发《某某细则》的通知\n", "区发展改革局、区财政局"),
        ("北京市朝阳区人民政府办公室关于印发《某某措施》的通知\n", "北京市朝阳区人民政府办公室"),
    ],
)
def test_joint_issuers(header, issuer):
    v = _meta(header + "一、给予奖励50万元。\n", "某某办法", len(header))
    assert v["issuer"] == issuer


@pytest.mark.parametrize(
    ("page", "title", "doc_number", "issuer", "published_on"),
    [
        # a 印发 notice naming both policies: its 文号, issuer and date belong to the second one too
        (
            "广州市黄埔区人民政府  广州开发区管理委员会\n关于印发两项措施的通知\n穗埔府规〔2024〕5号\n"
            "发布日期:2024-06-18\n现将《某区促进甲产业发展办法》《某区促进乙产业发展若干措施》印发给你们。\n",
            "某区促进乙产业发展若干措施",
            "穗埔府规〔2024〕5号",
            "广州市黄埔区人民政府、广州开发区管理委员会",
            "2024-06-18",
        ),
        # a page date over two policies that the page does not name: the date only
        (
            "西安高新区管委会 | 政策文件\n发布时间:2024-04-28  来源:西安高新区管委会办公室\n",
            "某区促进乙产业发展若干措施",
            None,
            None,
            "2024-04-28",
        ),
    ],
)
def test_second_policy_on_a_page_shares_the_page_header(page, title, doc_number, issuer, published_on):
    first = "某区促进甲产业发展办法\n第一条 给予奖励50万元。\n"
    second = f"{title}\n一、给予奖励50万元。\n二、本措施自印发之日起施行。\n"
    text = page + first + second
    start = len(page + first)
    v = extract_metadata(
        text, start, len(text), start + len(title) + 1, len(text), title, page_header=(0, len(page))
    ).values
    assert (v["doc_number"], v["issuer"], v["published_on"]) == (doc_number, issuer, published_on)
    assert v["effective_from"] == published_on


def test_a_policys_own_header_beats_the_page_header():
    page = "发布时间:2024-04-28\n现将《某区促进乙产业发展若干措施》印发。穗埔府规〔2024〕5号\n"
    own = "某区促进乙产业发展若干措施\n西高新发〔2024〕22号\n2024年5月6日\n"
    text = page + "某区促进甲产业发展办法\n第一条 给予奖励50万元。\n" + own + "一、给予奖励50万元。\n"
    start = text.index(own)
    v = extract_metadata(
        text,
        start,
        len(text),
        start + len(own),
        len(text),
        "某区促进乙产业发展若干措施",
        page_header=(0, len(page)),
    ).values
    assert (v["doc_number"], v["published_on"]) == ("西高新发〔2024〕22号", "2024-05-06")


def test_doc_number_after_the_title_on_a_run_on_line():
    from ingest.pipeline.metadata import find_doc_number

    text = "某市稳增长若干举措的通知 某政发〔2025〕3号 各区人民政府:现将《某市稳增长若干举措》印发给你们,请认真贯彻落实。"
    assert find_doc_number(text, 0)[0] == "某政发〔2025〕3号"
    title_line = "某区人民政府关于印发某区扶持办法的通知(某政发〔2023〕34号))\n正文"
    assert find_doc_number(title_line, 0)[0] == "某政发〔2023〕34号"
    # a repealed number cut onto a line of its own by a hard line break is still cited
    assert find_doc_number("原《某办法》(昆\n某开办〔2017〕35号文)废止。\n", 0) is None


def test_labelled_fields_of_a_metadata_block():
    from ingest.pipeline.metadata import _LABELLED_FROM, labelled_date, labelled_doc_number

    block = "文  号: 某政〔2019〕36号 性: 失效\n签发时间:2021-04-29 生效时间:2021-05-01\n"
    assert labelled_doc_number(block)[0] == "某政〔2019〕36号"
    day, span = labelled_date(block, _LABELLED_FROM)
    assert day.isoformat() == "2021-05-01" and block[span[0] : span[1]] == "2021-05-01"


def test_draft_marker_on_a_line_of_its_own():
    from ingest.pipeline import run

    body = "第一条 为支持企业发展,制定本办法。\n第二条 对符合条件的企业给予最高100万元补贴。\n"
    doc = run(("某区支持科技创新办法\n(征求意见稿)\n" + body).encode(), "draft.txt")
    [p] = doc["policies"]
    assert p["is_draft"] is True
    assert doc["text"][p["evidence"]["is_draft"][0] : p["evidence"]["is_draft"][1]].strip() == "(征求意见稿)"
    [q] = run(("某区支持科技创新办法\n" + body).encode(), "final.txt")["policies"]
    assert q["is_draft"] is False
