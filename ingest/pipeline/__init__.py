"""The ingest pipeline: bytes of a policy document -> structured policies (INGEST_JSON shape)."""

from __future__ import annotations

import logging
import re
from typing import Any

from . import contacts
from .clean import clean
from .errors import UnusableDocument
from .extract import extract
from .metadata import extract_metadata
from .normalise import normalise
from .notpolicy import is_markdown_notes
from .offsets import Mapped, chain
from .split import _BODY_WORDS, split_policies
from .titles import is_policy_name

__all__ = ["UnusableDocument", "prepare_text", "run"]

log = logging.getLogger(__name__)

_ADDRESS = re.compile(r"[\[【]\s*地址[::]\s*(?P<addr>[^\]】\n]{1,40})[\]】]")


def prepare_text(data: bytes, filename: str) -> tuple[str, str, str, Mapped]:
    """Decode, extract, normalise and clean: (original_text, encoding, script, cleaned text mapped to original)."""
    original, encoding = extract(data, filename)
    norm = normalise(original)
    cleaned = chain(Mapped(norm.text, norm.offsets), clean(norm.text))
    if not cleaned.text.strip():
        raise UnusableDocument("清理后没有剩余文字")
    return original, encoding, norm.script, cleaned


def _clause_builder():
    """The clause layer's entry point, or None while it does not exist yet."""
    try:
        from .clauses import build_clauses
    except ImportError:
        return None
    return build_clauses


def _where_to_apply(body: str) -> dict[str, Any]:
    """申报时间, 受理部门 and 咨询电话 where the body states them (DECISIONS.md: keys added)."""
    start, end = contacts.application_window(body)
    return {
        "apply_from": start.isoformat() if start else None,
        "apply_until": end.isoformat() if end else None,
        "handling_office": contacts.handling_office(body) or None,
        "contact_phone": contacts.contact_phone(body) or None,
    }


def run(data: bytes, filename: str) -> dict[str, Any]:
    """Run the whole pipeline on one file; return one document dict of INGEST_JSON.md plus text fields."""
    original, encoding, script, mapped = prepare_text(data, filename)
    text = mapped.text
    if is_markdown_notes(original, filename):
        raise UnusableDocument(
            "文件是Markdown格式的笔记,不是政策原文,请上传政策文件本身(网页、Word、PDF或文本)"
        )
    spans = split_policies(text)
    named = [s for s in spans if s.title and is_policy_name(s.title)]
    if not named and not any(_BODY_WORDS.search(text[s.body_start : s.body_end]) for s in spans):
        raise UnusableDocument("未找到任何条款")
    build_clauses = _clause_builder()
    policies = []
    # A page holding several policies: the head before the first policy's title (page date, 印发 notice).
    first = spans[0].title_span
    page_header = (0, first[0]) if len(spans) > 1 and first else None
    for s in spans:
        a, b = mapped.orig_span(s.start, s.end)
        hints = [m.group("addr") for m in _ADDRESS.finditer(original[a:b])]
        meta = extract_metadata(
            text, s.start, s.end, s.body_start, s.body_end, s.title, s.title_span, hints, page_header
        )
        values = meta.values
        policy: dict[str, Any] = {
            "title": values["title"],
            "doc_number": values["doc_number"],
            "issuer": values["issuer"],
            "province": values["province"],
            "city": values["city"],
            "region": values["region"],
            "published_on": values["published_on"],
            "effective_from": values["effective_from"],
            "effective_until": values["effective_until"],
            "is_draft": values["is_draft"],
            "stacking": values["stacking"],
            "supersedes": values["supersedes"],
            **_where_to_apply(text[s.body_start : s.body_end]),
            "span": [s.start, s.end],
            "body_span": [s.body_start, s.body_end],
            "original_span": [a, b],
            "evidence": meta.evidence,
            "clauses": [],
        }
        if build_clauses is not None:
            try:
                policy["clauses"] = build_clauses(text, s.body_start, s.body_end, dict(values))
            except Exception:  # the clause layer must not take the metadata down with it
                log.exception("clause extraction failed for %s: %s", filename, values["title"])
                policy["clauses"] = []
        policies.append(policy)
    if not any(p["clauses"] for p in policies):
        # No support clause anywhere: the file is kept only for the policies it names by a policy's name
        # (a 解读 page, a press release about a scheme); a file naming none holds no policy.
        policies = [p for p in policies if p["title"] and is_policy_name(p["title"])]
        if not policies:
            raise UnusableDocument("未找到任何条款")
    return {
        "source": filename,
        "encoding": encoding,
        "script": script,
        "policies": policies,
        "text": text,
        "original_text": original,
        "offsets": mapped.offsets,
    }
