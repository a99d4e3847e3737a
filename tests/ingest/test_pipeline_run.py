"""run(): one document dict in the INGEST_JSON shape, for every input kind."""

import pytest

from ingest.pipeline import run
from ingest.pipeline.errors import UnusableDocument
from tests.ingest.test_extract import make_docx

POLICY_KEYS = {
    "title", "doc_number", "issuer", "province", "city", "region", "published_on", "effective_from",
    "effective_until", "is_draft", "stacking", "supersedes", "span", "clauses",
}  # fmt: skip

HANS = (
    "搜本站\n首页 > 政策文件\n"
    "朝阳区支持数字经济发展若干措施(试行)\n朝政发〔2024〕3号\n"
    "第一条 为推动北京市朝阳区数字经济发展,制定本措施。\n"
    "第二条 对符合条件的企业,给予最高500万元资金支持。\n"
    "第三条 同一项目按照从优不重复原则予以支持。\n"
    "第四条 本措施自2024年1月1日起施行,有效期三年。\n"
    "返回顶部\n京ICP备12345678号\n"
)
HANT = (
    "臺北某區支援人工智慧產業發展若干措施\n"
    "第一條 為推動長春市朝陽區人工智慧產業發展,支援企業採購晶片與軟體,特制定本措施。\n"
    "第二條 對符合條件的企業,給予最高300萬\n元補貼。\n"
    "第三條 本措施自發布之日起施行。\n"
)


def _check_document(doc, filename):
    assert doc["source"] == filename
    assert doc["script"] in ("zh-Hans", "zh-Hant")
    assert isinstance(doc["text"], str) and isinstance(doc["original_text"], str)
    assert doc["policies"]
    for p in doc["policies"]:
        assert set(p) >= POLICY_KEYS
        a, b = p["span"]
        assert 0 <= a < b <= len(doc["text"])
        ba, bb = p["body_span"]
        assert a <= ba <= bb <= b
        oa, ob = p["original_span"]
        assert 0 <= oa <= ob <= len(doc["original_text"])
        assert isinstance(p["clauses"], list)


def test_simplified_txt():
    doc = run(HANS.encode("utf-8"), "a.txt")
    _check_document(doc, "a.txt")
    assert doc["encoding"] == "utf-8"
    assert doc["script"] == "zh-Hans"
    [p] = doc["policies"]
    assert p["title"] == "朝阳区支持数字经济发展若干措施(试行)"
    assert p["doc_number"] == "朝政发〔2024〕3号"
    assert (p["province"], p["city"], p["region"]) == ("北京市", "北京市", "朝阳区")
    assert p["effective_from"] == "2024-01-01"
    assert p["effective_until"] == "2026-12-31"
    assert p["stacking"] == "从优不重复"
    assert "搜本站" not in doc["text"] and "ICP" not in doc["text"]
    body = doc["text"][p["body_span"][0] : p["body_span"][1]]
    assert body.startswith("第一条") and body.endswith("有效期三年。")


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig"])
def test_other_encodings_give_the_same_text(encoding):
    reference = run(HANS.encode("utf-8"), "a.txt")
    doc = run(HANS.encode(encoding), "a.txt")
    assert doc["text"] == reference["text"]
    assert doc["encoding"] == ("utf-8" if encoding == "utf-8-sig" else "gb18030")


def test_traditional_big5():
    doc = run(HANT.encode("big5"), "t.txt")
    _check_document(doc, "t.txt")
    assert doc["encoding"] == "big5"
    assert doc["script"] == "zh-Hant"
    text = doc["text"]
    assert "人工智能产业" in text and "芯片" in text and "软件" in text and "300万元" in text
    [p] = doc["policies"]
    assert (p["city"], p["region"]) == ("长春市", "朝阳区")
    # the normalised text maps back onto the original words
    i = text.index("300万元")
    offsets = doc["offsets"]
    assert doc["original_text"][offsets[i] : offsets[i + 5]].startswith("300萬")


def test_html_page():
    page = (
        "<html><head><meta charset='utf-8'><script>x()</script></head><body><nav>首页 政策</nav>"
        "<h1>某区支持科技创新若干措施</h1>"
        "<p>第一条 为支持上海市长宁区企业创新,制定本措施。</p><p>第二条 给予最高100万元奖励。</p>"
        "<footer>版权所有</footer></body></html>"
    )
    doc = run(page.encode("utf-8"), "p.html")
    _check_document(doc, "p.html")
    [p] = doc["policies"]
    assert p["title"] == "某区支持科技创新若干措施"
    assert "x()" not in doc["text"] and "版权所有" not in doc["text"]


def test_docx():
    data = make_docx(
        ["某区支持科技创新若干措施", "第一条 为支持企业创新,制定本措施。", "第二条 给予最高100万元奖励。"]
    )
    doc = run(data, "p.docx")
    _check_document(doc, "p.docx")
    assert doc["policies"][0]["title"] == "某区支持科技创新若干措施"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "文件为空"),
        ("搜本站\n返回顶部\n".encode(), "清理后没有剩余文字"),
        ("今天天气很好。\n我们去公园散步。\n".encode(), "未找到任何条款"),
    ],
)
def test_unusable_documents(data, reason):
    with pytest.raises(UnusableDocument) as exc:
        run(data, "x.txt")
    assert exc.value.reason == reason


def test_scraped_page_with_header_fields_and_chrome():
    html = (
        '<html><body><div class="nav"><a>首页</a><a>政务公开</a><a>政策文件</a></div>'
        "<table><tr><td>发文机关:</td><td>长春市朝阳区人民政府</td><td>成文日期:</td><td>2024年03月01日</td></tr>"
        "<tr><td>文号:</td><td>长朝府发〔2024〕5号</td><td>发布时间:</td><td>2024-03-05</td></tr></table>"
        "<h1>朝阳区关于支持汽车零部件产业发展的若干措施</h1>"
        "<p>第一条 对新落户的汽车零部件企业,给予一次性奖励50万元。</p>"
        "<p>第二条 本措施自发布之日起施行,有效期至2026年12月31日。</p><p>咨询电话:0431-85100000</p>"
        "<p>扫一扫在手机打开当前页</p><div class='footer'>吉ICP备05001234号</div></body></html>"
    ).encode()
    (p,) = run(html, "page.html")["policies"]
    assert p["title"] == "朝阳区关于支持汽车零部件产业发展的若干措施"
    assert (p["province"], p["city"], p["region"]) == ("吉林省", "长春市", "朝阳区")
    assert (p["issuer"], p["doc_number"], p["published_on"]) == (
        "长春市朝阳区人民政府",
        "长朝府发〔2024〕5号",
        "2024-03-05",
    )
    assert (p["effective_from"], p["effective_until"]) == ("2024-03-05", "2026-12-31")
    doc = run(html, "page.html")
    assert "咨询电话:0431-85100000" in doc["text"]
    assert "扫一扫" not in doc["text"] and "政务公开" not in doc["text"]


def test_cjk_pdf_runs_end_to_end():
    pytest.importorskip("reportlab")
    from tests.ingest.test_extract import make_cjk_pdf

    data = make_cjk_pdf(
        [
            [
                "昆山市关于支持半导体产业",
                "高质量发展的若干政策",
                "昆政规〔2024〕4号",
                "第一条 对企业按照设备投资额的10%给予补助,",
            ],
            ["单个项目最高不超过3000万元。", "第二条 有效期自2024年7月1日至2027年6月30日。"],
        ]
    )
    (p,) = run(data, "k.pdf")["policies"]
    assert p["title"] == "昆山市关于支持半导体产业高质量发展的若干政策"
    assert (p["province"], p["city"], p["region"]) == ("江苏省", "苏州市", "昆山市")
    assert (p["effective_from"], p["effective_until"]) == ("2024-07-01", "2027-06-30")
    assert p["clauses"][0]["number"] == "第一条" and p["clauses"][0]["max_amount_yuan"] == 30000000
