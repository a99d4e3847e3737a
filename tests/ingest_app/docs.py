"""Small policy documents and bad inputs built in code for the ingest app tests."""

import io
import zipfile
from pathlib import Path

from django.conf import settings

SEEDS = Path(settings.BASE_DIR) / "fixtures" / "seeds"
SEED_000 = SEEDS / "000_916931dd2882f5e0.txt"
SEED_001 = SEEDS / "001_00c41b0cd3fa504f.txt"
SEED_003 = SEEDS / "003_368f7d3063765867.txt"

TITLE = "北京市朝阳区关于支持软件产业发展的若干措施"

POLICY_V1 = f"""{TITLE}
第一条 为支持朝阳区软件产业发展,制定本措施。
第二条 支持研发投入。对注册在朝阳区的软件企业,按研发费用的30%给予补贴,最高不超过100万元。
第三条 支持人才引进。对引进高端人才的企业,给予最高50万元奖励。
第四条 支持企业上市。对在境内外上市的企业,给予一次性奖励,最高不超过200万元。
第五条 本措施自发布之日起施行,由朝阳区科信局负责解释。
"""

POLICY_V2 = f"""{TITLE}
第一条 为支持朝阳区软件产业发展,制定本措施。
第二条 支持研发投入。对注册在朝阳区的软件企业,按研发费用的40%给予补贴,最高不超过300万元。
第三条 支持企业上市。对在境内外上市的企业,给予一次性奖励,最高不超过200万元。
第四条 支持开源社区。对主导开源项目的企业,给予最高80万元奖励。
第五条 本措施自发布之日起施行,由朝阳区科信局负责解释。
"""

HTML_WITH_SCRIPT = f"""<!doctype html><html><head><meta charset="utf-8"><title>x</title>
<script>alert('xss-in-script')</script></head><body>
<h1>{TITLE}</h1>
<p>第一条 为支持朝阳区软件产业发展,制定本措施。&lt;script&gt;alert('escaped-text')&lt;/script&gt;</p>
<p onclick="alert('attr')">第二条 支持研发投入。对注册在朝阳区的软件企业,给予最高100万元补贴。<img src=x onerror="alert('img')"></p>
<script>document.write('injected-by-script')</script>
</body></html>"""


def zip_bomb() -> bytes:
    """A .docx-looking zip whose one entry expands far beyond any sane ratio."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"<w:document>" + b"0" * (30 * 1024 * 1024) + b"</w:document>")
    return buf.getvalue()


def scanned_pdf() -> bytes:
    """A PDF with a page and no text layer, like a scan."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# name, bytes, the Chinese reason the run must give
BAD_INPUTS = [
    ("empty.txt", b"", "文件为空"),
    ("garbage.txt", bytes(range(256)) * 40, "二进制"),
    ("undecodable.txt", b"\x81\x20\x82\x20\xfe\x20" * 500, "编码"),
    ("bomb.docx", None, "压缩炸弹"),
    ("scan.pdf", None, "扫描版PDF"),
    ("notice.txt", "这是一份普通通知,请各单位按时参加会议。会议地点另行通知。\n".encode() * 5, "条款"),
]


def bad_bytes(name: str, data: bytes | None) -> bytes:
    """The bytes of a BAD_INPUTS entry (the large ones are built on demand)."""
    if data is not None:
        return data
    return zip_bomb() if name.endswith(".docx") else scanned_pdf()
