"""Extraction from txt, html, docx and pdf; zip-bomb and scanned-PDF guards."""

import io
import zipfile

import docx
import pytest

from ingest.pipeline.errors import UnusableDocument
from ingest.pipeline.extract import check_zip, extract, html_to_text, sniff_kind, unwrap_hard_lines


def make_docx(paragraphs_and_tables) -> bytes:
    """A .docx with paragraphs (str) and tables (list of rows) in the given order."""
    document = docx.Document()
    for item in paragraphs_and_tables:
        if isinstance(item, str):
            document.add_paragraph(item)
        else:
            table = document.add_table(rows=len(item), cols=len(item[0]))
            for r, row in enumerate(item):
                for c, value in enumerate(row):
                    table.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_pdf(lines: list[str] | None) -> bytes:
    """A one-page PDF written by hand; with lines=None the page has no text (like a scan)."""
    if lines:
        ops = ["BT", "/F1 12 Tf", "72 720 Td"]
        for line in lines:
            ops.append(f"({line}) Tj")
            ops.append("0 -16 Td")
        ops.append("ET")
        stream = "\n".join(ops).encode("latin-1")
    else:
        stream = b"0 0 m 100 100 l S"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "kind"),
    [
        (b"%PDF-1.7 ...", "a.bin", "pdf"),
        (b"PK\x03\x04...", "a.docx", "docx"),
        (b"\xd0\xcf\x11\xe0...", "a.doc", "doc"),
        (b"<html><body>x</body></html>", "a.txt", "html"),
        (b"<!DOCTYPE html><p>x</p>", "page", "html"),
        (b"plain", "a.htm", "html"),
        ("第一条 文字".encode(), "a.txt", "text"),
    ],
)
def test_sniff_kind(data, filename, kind):
    assert sniff_kind(data, filename) == kind


def test_txt_keeps_text_and_encoding():
    text, encoding = extract("第一条 支持企业。".encode("gb18030"), "policy.txt")
    assert text == "第一条 支持企业。"
    assert encoding == "gb18030"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>第一条 支持</p><p>第二条 给予</p>", "第一条 支持\n第二条 给予"),
        ("<div>甲<br>乙</div>", "甲\n乙"),
        ("<script>var a='第一条';</script><p>正文</p>", "正文"),
        ("<style>p{color:red}</style><p>正文</p>", "正文"),
        ("<nav>首页 政策</nav><header>网站</header><p>正文</p><footer>版权所有</footer>", "正文"),
        (
            "<table><tr><td>项目</td><td>金额</td></tr><tr><td>奖励</td><td>100万元</td></tr></table>",
            "项目\t金额\n奖励\t100万元",
        ),
        ("<p>最高<b>500</b>万元</p>", "最高500万元"),
        ("<p>&lt;第一条&gt; &amp; 支持</p>", "<第一条> & 支持"),
    ],
)
def test_html_to_text(html, expected):
    assert html_to_text(html) == expected


def test_html_uses_declared_charset():
    page = '<html><head><meta charset="gbk"></head><body><p>支持企业创新发展</p></body></html>'
    text, encoding = extract(page.encode("gbk"), "p.html")
    assert text == "支持企业创新发展"
    assert encoding == "gb18030"


def test_docx_paragraphs_and_tables_in_order():
    data = make_docx(
        ["某区支持办法", "第一条 总则。", [["项目", "金额"], ["奖励", "100万元"]], "第二条 附则。"]
    )
    text, encoding = extract(data, "p.docx")
    assert encoding == "docx"
    assert text.split("\n") == [
        "某区支持办法",
        "第一条 总则。",
        "项目\t金额",
        "奖励\t100万元",
        "第二条 附则。",
    ]


def test_docx_zip_bomb_rejected():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"0" * (20 * 1024 * 1024))
    with pytest.raises(UnusableDocument) as exc:
        extract(buf.getvalue(), "bomb.docx")
    assert exc.value.reason == "压缩包异常(疑似压缩炸弹)"


def test_zip_with_too_many_entries_rejected():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(5001):
            zf.writestr(f"f{i}", b"")
    with pytest.raises(UnusableDocument):
        check_zip(buf.getvalue())


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"PK\x03\x04 not really a zip", "压缩包损坏,无法打开文档"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "不支持旧版Word(.doc)格式,请另存为.docx"),
        (b"", "文件为空"),
    ],
)
def test_broken_files(data, reason):
    with pytest.raises(UnusableDocument) as exc:
        extract(data, "x.docx")
    assert exc.value.reason == reason


def test_text_pdf_extracted():
    data = make_pdf(["Article 1 The district supports enterprises.", "Article 2 Up to 5000000 yuan."])
    text, encoding = extract(data, "p.pdf")
    assert encoding == "pdf"
    assert "supports enterprises" in text
    assert "5000000" in text


def test_scanned_pdf_rejected():
    with pytest.raises(UnusableDocument) as exc:
        extract(make_pdf(None), "scan.pdf")
    assert exc.value.reason == "扫描版PDF,无可提取的文字"


def test_corrupt_pdf_rejected():
    with pytest.raises(UnusableDocument):
        extract(b"%PDF-1.4\n garbage without objects", "bad.pdf")


def make_cjk_pdf(pages: list[list[str]], page_numbers: bool = True, running_head: str | None = None) -> bytes:
    """A text PDF in reportlab's built-in CID font 'STSong-Light', one list of lines per page."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    for n, lines in enumerate(pages, start=1):
        c.setFont("STSong-Light", 12)
        if running_head:
            c.drawString(60, 810, running_head)
        y = 780
        for line in lines:
            c.drawString(60, y, line)
            y -= 18
        if page_numbers:
            c.drawString(290, 30, f"- {n} -")
        c.showPage()
    c.save()
    return buf.getvalue()


def test_cjk_pdf_lines_rejoined_across_pages_and_page_numbers_dropped():
    pytest.importorskip("reportlab")
    data = make_cjk_pdf(
        [
            [
                "某市关于支持半导体产业",
                "高质量发展的若干政策",
                "第一条 为支持企业发展,结合本市实际,制定本",
                "政策。",
            ],
            ["第二条 对企业按照设备投资额的10%给予补助,单", "个项目最高500万元。"],
            ["第三条 本政策自2024年1月1日起施行。"],
        ],
        running_head="某市人民政府规范性文件",
    )
    text, encoding = extract(data, "p.pdf")
    assert encoding == "pdf"
    lines = text.split("\n")
    assert "第一条 为支持企业发展,结合本市实际,制定本政策。" in lines
    assert "第二条 对企业按照设备投资额的10%给予补助,单个项目最高500万元。" in lines
    assert not any(line.startswith("-") for line in lines)
    assert "某市人民政府规范性文件" not in text  # the running head on every page


def test_cjk_pdf_sentence_broken_by_a_page_break_is_joined():
    pytest.importorskip("reportlab")
    data = make_cjk_pdf(
        [
            [
                "第一条 为支持企业发展,制定本政策。",
                "第二条 对企业引进的高端人才,按照其年度工资薪金的20%给予奖励,",
            ],
            ["每人每年最高30万元。", "第三条 本政策自发布之日起施行。"],
        ]
    )
    text, _ = extract(data, "p.pdf")
    assert "按照其年度工资薪金的20%给予奖励,每人每年最高30万元。" in text
    assert "\n第三条 本政策自发布之日起施行。" in text


@pytest.mark.parametrize(
    "html",
    [
        '<div class="nav">首页 政务公开 政策文件</div><p>第一条 正文。</p>',
        '<div id="menu"><a>首页</a><a>政务公开</a></div><p>第一条 正文。</p>',
        '<ul><li><a href="/a">区情概况</a></li><li><a href="/b">机构职能</a></li></ul><p>第一条 正文。</p>',
        "<div><a>首页</a> | <a>政务公开</a> | <a>政策文件</a></div><p>第一条 正文。</p>",
        '<div class="share-bar">分享到 微信</div><p>第一条 正文。</p><div class="bottom-footer">主办</div>',
        '<div class="ewm">扫一扫在手机打开当前页</div><p>第一条 正文。</p>',
    ],
)
def test_html_menus_and_chrome_containers_dropped(html):
    assert html_to_text(f"<html><body>{html}</body></html>") == "第一条 正文。"


def test_html_links_inside_policy_text_kept():
    html = '<div class="article"><p>根据<a href="/x">《某某办法》</a>制定本措施。</p><p>附件:<a>申报指南</a></p></div>'
    assert html_to_text(html) == "根据《某某办法》制定本措施。\n附件:申报指南"


def test_page_title_used_when_the_page_has_no_title_line():
    html = (
        "<html><head><title>余杭区关于支持生物医药产业发展的若干政策_政策文件_某区人民政府</title></head>"
        "<body><div>发布时间:2024-03-05</div><p>一、给予奖励50万元。</p></body></html>"
    )
    assert html_to_text(html).split("\n")[0] == "余杭区关于支持生物医药产业发展的若干政策"
    with_h1 = html.replace("<body>", "<body><h1>余杭区关于支持生物医药产业发展的若干政策</h1>")
    assert html_to_text(with_h1).count("余杭区关于支持生物医药产业发展的若干政策") == 1


_PARAS = [
    "  一、支持算力基础设施建设。对在朝阳区新建智能算力中心、总投资不低于1亿元的项目,按照设备投资额的10%"
    "给予支持,单个项目最高3千万元。",
    "  二、发放算力券。每年统筹安排2亿元发放算力券,对企业购买算力服务的,按合同金额的30%给予补贴,"
    "单家企业年度最高200万元。对入选区级人工智能典型应用场景的项目,给予一次性奖励。"
    "对新入驻的人工智能企业,按照实际租金的50%给予房租补贴。",
    "  三、支持人才团队引进。对人工智能领域的高层次人才团队,经评审后给予最高1千万元综合资助,"
    "对团队核心成员按其上年度个人贡献给予奖励,奖励期限不超过三年,每人每年最高50万元。",
]


def _pdf_text() -> str:
    """The paragraphs cut every 30 characters, a page number after the sixth line."""
    lines = [p[i : i + 30] for p in _PARAS for i in range(0, len(p), 30)]
    return "\n".join([*lines[:6], "— 1 —", *lines[6:], "第 2 页 共 3 页"]) + "\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # text copied out of a PDF: lines cut at one width, page numbers between them
        (_pdf_text(), "\n".join(_PARAS) + "\n"),
        # lines that end where sentences end are left alone
        ("第一条 为了支持企业发展,制定本办法。\n第二条 对企业给予最高100万元奖励。\n", None),
    ],
)
def test_unwrap_hard_lines(text, expected):
    assert unwrap_hard_lines(text) == (text if expected is None else expected)
