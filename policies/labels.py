"""Readable clause labels: the numbering path ingest stores ("二、/(五)/18.") as people cite it."""

from __future__ import annotations

import re

_ARTICLE = re.compile(r"^第[一二三四五六七八九十百零〇两\d]+[条條]$")


def readable_number(number: str | None) -> str:
    """ "第二章/第五条" -> "第五条"; "二、/(五)/18." -> "二、(五)18."; "" -> ""."""
    parts = [p.strip() for p in (number or "").split("/") if p.strip()]
    articles = [i for i, p in enumerate(parts) if _ARTICLE.match(p)]
    if articles:
        parts = parts[articles[-1] :]
    return "".join(parts)


def clause_label(number: str | None, heading: str | None) -> str:
    """Number and heading: "第五条 支持算力"; the heading alone when there is no number."""
    return " ".join(x for x in (readable_number(number), (heading or "").strip()) if x)
