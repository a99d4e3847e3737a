"""Files that hold no policy: refused with a Chinese reason instead of being imported as one.

Each check is a plain function of the text (or the bytes and the file name) with its own features.
"""

from __future__ import annotations

import re

# Markdown structure: headings, fences, tables, links, task lists, block quotes.
_MARKDOWN_LINE = re.compile(
    r"^(?:#{1,6}\s+\S|```|~~~|\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$|[-*+]\s+\[[ xX]\]\s|>\s+\S)"
)
_MARKDOWN_LINK = re.compile(r"\[[^\]\n]{1,80}\]\((?:https?://|\.{0,2}/|#)[^)\s]*\)|\*\*[^*\n]{1,40}\*\*")


def markdown_share(text: str) -> tuple[int, float]:
    """(lines with Markdown structure or links, their share of the non-blank lines)."""
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if not lines:
        return 0, 0.0
    n = sum(1 for ln in lines if _MARKDOWN_LINE.match(ln) or _MARKDOWN_LINK.search(ln))
    return n, n / len(lines)


def is_markdown_notes(text: str, filename: str) -> bool:
    """Notes written in Markdown (headings, fences, links on many lines), not a policy document.

    A policy page transcribed with a few bullets is not notes: it needs Markdown headings or fences or
    links on a fifth of its lines (three lines at least), or a .md name with any of them."""
    n, share = markdown_share(text)
    headings = sum(1 for ln in text.split("\n") if re.match(r"^\s*(?:#{1,6}\s+\S|```)", ln))
    if filename.lower().endswith((".md", ".markdown")):
        return n >= 1
    return headings >= 2 and n >= 3 and share >= 0.2


def mislabelled_binary(data: bytes, filename: str) -> str | None:
    """A file named .pdf (or .docx) whose bytes are a web page or other text: often a failed download."""
    name = filename.lower()
    head = data[:1024].lstrip().lower()
    looks_html = head.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<meta")) or b"<html" in head
    if name.endswith(".pdf") and b"%PDF" not in data[:1024]:
        what = "网页" if looks_html else "其他格式的文件"
        return f"文件名为PDF,但内容不是PDF,而是{what}(可能是下载失败时保存的页面),请下载政策原文件后重新上传"
    if name.endswith(".docx") and looks_html:
        return "文件名为Word(.docx),但内容是网页(可能是下载失败时保存的页面),请下载政策原文件后重新上传"
    return None
