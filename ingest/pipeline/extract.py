"""Extract plain text from txt, html, docx and text PDFs (block structure kept as line breaks)."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser

from .decode import decode
from .errors import UnusableDocument
from .notpolicy import mislabelled_binary

# Zip-bomb limits for .docx
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 5000


def sniff_kind(data: bytes, filename: str) -> str:
    """'pdf', 'docx', 'html', 'doc' or 'text', from the magic bytes first and the extension second."""
    name = filename.lower()
    head = data[:1024].lstrip()
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if name.endswith((".html", ".htm", ".xhtml", ".shtml")):
        return "html"
    low = head[:512].lower()
    if low.startswith((b"<!doctype html", b"<html", b"<?xml")) or (
        b"<html" in low and b"<body" in data[:20000].lower()
    ):
        return "html"
    return "text"


def extract(data: bytes, filename: str) -> tuple[str, str]:
    """Return (text, encoding) for a document of any supported kind."""
    if not data:
        raise UnusableDocument("文件为空")
    mislabelled = mislabelled_binary(data, filename)
    if mislabelled:
        raise UnusableDocument(mislabelled)
    kind = sniff_kind(data, filename)
    if kind == "pdf":
        return extract_pdf(data), "pdf"
    if kind == "docx":
        return extract_docx(data), "docx"
    if kind == "doc":
        raise UnusableDocument("不支持旧版Word(.doc)格式,请另存为.docx")
    if kind == "html":
        text, encoding = decode(data, declared=_declared_charset(data))
        return html_to_text(text), encoding
    text, encoding = decode(data)
    return unwrap_hard_lines(text), encoding


# --------------------------------------------------------------------------- HTML

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_DROP = {"script", "style", "nav", "header", "footer", "noscript", "template", "iframe", "svg", "form",
         "aside", "button", "select", "head", "title", "object", "canvas"}  # fmt: skip
_BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "table",
          "ul", "ol", "dd", "dt", "dl", "blockquote", "pre", "hr", "main", "center", "caption", "tbody",
          "thead", "tfoot", "figure", "figcaption", "address"}  # fmt: skip
_CELL = {"td", "th"}
# class / id tokens of site chrome containers: menus, breadcrumbs, share bars, QR codes, footers, sidebars.
_CHROME_CLASS = re.compile(
    r"^(?:nav|navbar|navigation|subnav|menu|menus|submenu|mainmenu|topmenu|breadcrumbs?|crumbs?|bread|share|"
    r"bdshare|footer|foot|copyright|sidebar|side|qrcode|ewm|erweima|toolbar|tools|links|friendlinks?|yqlj|"
    r"header|top|topbar|login|search|searchbox|skip)$"
    r"|^(?:nav|menu|footer|share|breadcrumb|crumb|qrcode|ewm|bdshare|copyright|sidebar)[-_]"
    r"|[-_](?:nav|navbar|menu|footer|share|breadcrumb|crumbs?|qrcode|ewm|copyright|sidebar)$",
    re.I,
)
# Containers that are dropped when all their text is link text (menus and link lists).
_LINK_LIST = {"ul", "ol", "div", "p", "span", "dl", "td"}
_SEPARATORS = re.compile(r"[\s|/·•>»›\-—,,、]+")
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "wbr"}


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii", "ignore").lower()
    return {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs"}.get(name, name)


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.stack: list[str] = []
        self.links = 0  # depth of open <a> elements
        self.page_title = ""
        # open link-list candidates: [tag, index into parts, text chars, link text chars, links, items]
        self.frames: list[list] = []

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _VOID:
            if not self.skip and tag in ("br", "hr"):
                self.parts.append("\n")
            return
        self.stack.append(tag)
        if self.skip or tag in _DROP or _is_chrome(attrs):
            self.skip += 1
            return
        if tag == "a":
            self.links += 1
            for f in self.frames:
                f[4] += 1
        elif tag == "li":
            for f in self.frames:
                f[5] += 1
        if tag in _LINK_LIST:
            self.frames.append([tag, len(self.parts), 0, 0, 0, 0])
        if tag in _BLOCK:
            self.parts.append("\n")
        elif tag in _CELL:
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or tag not in self.stack:
            return
        while self.stack:
            top = self.stack.pop()
            if self.skip:
                self.skip -= 1
            elif top == "a":
                self.links = max(0, self.links - 1)
            elif top in _LINK_LIST and self.frames and self.frames[-1][0] == top:
                self._close_frame(self.frames.pop())
            if top == tag:
                break
        if not self.skip and tag in _BLOCK:
            self.parts.append("\n")

    def _close_frame(self, frame: list) -> None:
        """Drop a container whose text is all link text: a menu or a list of links."""
        tag, index, chars, link_chars, links, _items = frame
        if not chars or link_chars < chars:
            return
        if (tag in ("ul", "ol", "dl") and links >= 2) or (links >= 3 and chars / links <= 12):
            del self.parts[index:]
            self.parts.append("\n")
            for f in self.frames:  # the dropped text no longer counts for the enclosing containers
                f[2] -= chars
                f[3] -= link_chars

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "title":
            self.page_title += data
        if not self.skip:
            self.parts.append(re.sub(r"[ \t\r\n]+", " ", data))
            n = len(_SEPARATORS.sub("", data))
            if n:
                for f in self.frames:
                    f[2] += n
                    if self.links:
                        f[3] += n


def _is_chrome(attrs: list[tuple[str, str | None]]) -> bool:
    """True when an element's class or id names a chrome container (nav, menu, share, footer ...)."""
    return any(
        name in ("class", "id") and value and any(_CHROME_CLASS.search(t) for t in value.split())
        for name, value in attrs
    )


def html_to_text(html: str) -> str:
    """Visible text of an HTML page; block elements become lines, cells are separated by tabs."""
    parser = _TextParser()
    try:
        parser.feed(html)
        parser.close()
    except Exception as exc:  # html.parser is lenient; anything else is a broken file
        raise UnusableDocument("HTML文件无法解析", str(exc)) from exc
    text = "".join(parser.parts)
    lines = [
        re.sub(r"[ \t]+", lambda m: "\t" if "\t" in m.group(0) else " ", ln).strip()
        for ln in text.split("\n")
    ]
    out = "\n".join(ln for ln in lines if ln)
    if not out.strip():
        raise UnusableDocument("未找到任何文字")
    return _with_page_title(out, parser.page_title)


_TITLE_SEPARATORS = re.compile(r"_|\||\s[-–—]\s")


def _with_page_title(text: str, page_title: str) -> str:
    """Put the page's <title> (its first part) on top when the visible text has no title line of its own."""
    from .split import is_title_line

    head = _TITLE_SEPARATORS.split(page_title.strip())[0].strip() if page_title else ""
    if not head or not is_title_line(head):
        return text
    flat = re.sub(r"\s+", "", text)
    if re.sub(r"\s+", "", head) in flat or any(is_title_line(line) for line in text.split("\n")[:40]):
        return text
    return head + "\n" + text


# --------------------------------------------------------------------------- DOCX


def check_zip(data: bytes) -> zipfile.ZipFile:
    """Open a zip archive after checking entry count, total size and compression ratio."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnusableDocument("压缩包损坏,无法打开文档") from exc
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise UnusableDocument("压缩包异常(疑似压缩炸弹)", f"{len(infos)} entries")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO:
        raise UnusableDocument("压缩包异常(疑似压缩炸弹)", f"{total} bytes from {packed}")
    for i in infos:
        if i.file_size > 1024 * 1024 and i.file_size / max(i.compress_size, 1) > MAX_RATIO:
            raise UnusableDocument("压缩包异常(疑似压缩炸弹)", i.filename)
    return zf


def extract_docx(data: bytes) -> str:
    """Paragraphs and tables of a .docx in document order."""
    zf = check_zip(data)
    if "word/document.xml" not in zf.namelist():
        raise UnusableDocument("不是有效的Word(.docx)文档")
    try:
        import docx
        from docx.oxml.ns import qn

        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise UnusableDocument("Word文档损坏,无法读取", str(exc)) from exc
    numbering = _Numbering(document)
    lines: list[str] = []

    def paragraph_text(p) -> str:
        texts = []
        for node in p.iter():
            if node.tag == qn("w:t"):
                texts.append(node.text or "")
            elif node.tag == qn("w:tab"):
                texts.append("\t")
            elif node.tag in (qn("w:br"), qn("w:cr")):
                texts.append("\n")
        return numbering.label(p) + "".join(texts)

    def walk(parent) -> None:
        for child in parent.iterchildren():
            if child.tag == qn("w:p"):
                lines.append(paragraph_text(child))
            elif child.tag == qn("w:tbl"):
                for row in child.iter(qn("w:tr")):
                    cells = []
                    for cell in row.iterchildren(qn("w:tc")):
                        cell_text = " ".join(
                            t for t in (paragraph_text(p).strip() for p in cell.iter(qn("w:p"))) if t
                        )
                        if not cells or cells[-1] != cell_text:
                            cells.append(cell_text)
                    lines.append("\t".join(cells))
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
                walk(child)

    walk(document.element.body)
    text = "\n".join(line.rstrip() for line in lines)
    if not text.strip():
        raise UnusableDocument("未找到任何文字")
    return text


class _Numbering:
    """Renders Word automatic list numbers (第一条, 一、, (一), 1.) that are not in the paragraph text."""

    def __init__(self, document) -> None:
        self.formats: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, str], int] = {}
        try:
            from docx.oxml.ns import qn

            part = document.part.numbering_part
            root = part.element
        except Exception:
            return
        self.qn = qn
        abstract: dict[str, dict[str, tuple[str, str, int]]] = {}
        for a in root.iterchildren(qn("w:abstractNum")):
            levels = {}
            for lvl in a.iterchildren(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                txt = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                levels[lvl.get(qn("w:ilvl"))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    txt.get(qn("w:val")) if txt is not None else "",
                    int(start.get(qn("w:val"))) if start is not None else 1,
                )
            abstract[a.get(qn("w:abstractNumId"))] = levels
        for num in root.iterchildren(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                continue
            for ilvl, spec in abstract.get(ref.get(qn("w:val")), {}).items():
                self.formats[(num.get(qn("w:numId")), ilvl)] = spec

    def label(self, p) -> str:
        if not self.formats:
            return ""
        qn = self.qn
        num_pr = p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is None:
            return ""
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        key = (
            num_id.get(qn("w:val")) if num_id is not None else "",
            ilvl.get(qn("w:val")) if ilvl is not None else "0",
        )
        spec = self.formats.get(key)
        if spec is None or spec[0] in ("bullet", "none"):
            return ""
        count = self.counters.get(key, spec[2] - 1) + 1
        self.counters[key] = count
        for k in list(self.counters):  # deeper levels restart
            if k[0] == key[0] and int(k[1]) > int(key[1]):
                del self.counters[k]
        text = re.sub(r"%\d", _render(count, spec[0]), spec[1])
        return text + ("" if text.endswith((" ", "\t", "、", ".")) else " ")


_CN = "零一二三四五六七八九"


def _render(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "chineseLegalSimplified",
               "taiwaneseCounting", "ideographDigital"):  # fmt: skip
        if n < 10:
            return _CN[n]
        if n < 20:
            return "十" + (_CN[n % 10] if n % 10 else "")
        if n < 100:
            return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
        return str(n)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    return str(n)


# --------------------------------------------------------------------------- PDF


def extract_pdf(data: bytes) -> str:
    """Text of a text PDF, page by page; a PDF without extractable text is a scan."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            reader.decrypt("")
        pages = [page.extract_text() or "" for page in reader.pages]
    except UnusableDocument:
        raise
    except Exception as exc:
        raise UnusableDocument("PDF文件损坏或已加密,无法读取", str(exc)) from exc
    visible = sum(len(re.sub(r"\s", "", p)) for p in pages)
    if visible < max(10, 5 * len(pages)):
        raise UnusableDocument("扫描版PDF,无可提取的文字")
    return join_pages(pages)


# Page numbers: "- 3 -", "—3—", "第3页", "第 3 页 共 10 页", "3/10", "Page 3 of 10".
_PAGE_NUMBER = re.compile(
    r"^[-—–－~\s]*(?:第\s*)?\d+\s*(?:页)?(?:\s*/\s*\d+)?[-—–－~\s]*$"
    r"|^(?:第\s*\d+\s*页)?\s*[,,]?\s*(?:共\s*\d+\s*页)\s*[,,]?\s*(?:第\s*\d+\s*页)?$"
    r"|^(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?$",
    re.I,
)
_ITEM_START = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇]+[条章节]|[一二三四五六七八九十]+、|[((][一二三四五六七八九十\d]+[))]|\d+[.、])"
)
_LINE_END = re.compile(r"[。;;::!?!?」』”》)\]]$")


def _edge_lines(pages: list[list[str]]) -> set[str]:
    """Running headers and footers: the same first or last line on most pages (three pages or more)."""
    if len(pages) < 3:
        return set()
    counts: dict[str, int] = {}
    for lines in pages:
        for line in {*lines[:2], *lines[-2:]}:
            key = re.sub(r"\d+", "#", line)
            counts[key] = counts.get(key, 0) + 1
    return {k for k, n in counts.items() if n >= max(3, len(pages) // 2 + 1)}


def join_pages(pages: list[str]) -> str:
    """Join page texts: drop page numbers and running heads, rejoin lines wrapped mid-sentence, across pages too."""
    page_lines = [[ln.strip() for ln in p.split("\n") if ln.strip()] for p in pages]
    page_lines = [[ln for ln in lines if not _PAGE_NUMBER.match(ln)] for lines in page_lines]
    running = _edge_lines(page_lines)
    out: list[str] = []
    for lines in page_lines:
        for line in lines:
            if running and re.sub(r"\d+", "#", line) in running:
                continue
            if out and not _LINE_END.search(out[-1]) and not _ITEM_START.match(line) and len(out[-1]) >= 20:
                out[-1] += line
            else:
                out.append(line)
    return "\n".join(out)


def _wrap_width(lines: list[str]) -> int | None:
    """The fixed line width of text copied out of a PDF, or None when lines end where sentences do."""
    widths: dict[int, int] = {}
    long_lines = [ln for ln in lines if len(ln) >= 16]
    for ln in long_lines:
        widths[len(ln)] = widths.get(len(ln), 0) + 1
    if not widths:
        return None
    width, n = max(widths.items(), key=lambda kv: (kv[1], kv[0]))
    at_width = [ln for ln in long_lines if width - 2 <= len(ln) <= width + 4]
    open_ended = sum(1 for ln in at_width if not _LINE_END.search(ln))
    if n >= 5 and len(at_width) >= 0.5 * len(long_lines) and open_ended >= 0.6 * len(at_width):
        return width
    return None


def unwrap_hard_lines(text: str) -> str:
    """Plain text extracted from a PDF (every line cut at one width, page numbers between the lines):
    drop the page-number lines and rejoin the lines wrapped mid-sentence. Other text is returned as is."""
    lines = text.split("\n")
    stripped = [ln.strip() for ln in lines]
    width = _wrap_width(stripped)
    if width is None:
        return text
    out: list[str] = []
    prev = ""  # the last kept line, stripped
    for raw, line in zip(lines, stripped, strict=True):
        if line and _PAGE_NUMBER.match(line):
            continue
        indented = raw[:1].isspace()
        if (
            out
            and line
            and not indented
            and len(prev) >= width - 3
            and not _LINE_END.search(prev)
            and not _ITEM_START.match(line)
        ):
            out[-1] = out[-1].rstrip() + line
            prev = out[-1].strip()
            continue
        out.append(raw.rstrip())
        prev = line
    return "\n".join(out)
