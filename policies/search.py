"""Search over published policies, in either script.

A query is converted the way documents are (OpenCC with the Taiwan/Hong Kong vocabulary of
ingest/pipeline/normalise.py: 人工智慧 -> 人工智能, 晶片 -> 芯片, 海淀區 -> 海淀区) and segmented with the
same jieba tokenizer and domain dictionary as the tags. On PostgreSQL every published policy has one
search document (PolicySearch): a tsvector over space-joined jieba tokens in the 'simple'
configuration, title weighted A, headings and metadata B, body D, under a GIN index. Each part of a
query (parts are separated by spaces) must occur as a phrase; when no policy holds every phrase, every
word anywhere will do. Results are ranked by ts_rank. Other databases fall back to substring search.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028-\u202f\u2060\ufeff]")
_WORD = re.compile(r"\w", re.UNICODE)
_PIECES = re.compile(r"[^\W_]+", re.UNICODE)  # what may stand quoted in a raw tsquery
MAX_QUERY_CHARS = 100
MAX_PARTS = 8
# How many stale documents one search rebuilds before it answers (publishing builds them anyway).
REBUILD_PER_SEARCH = 50


def convert(text: str) -> str:
    """Width-folded, simplified, mainland vocabulary: the script documents are stored in."""
    from ingest.pipeline.normalise import converter, detect_variant

    text = unicodedata.normalize("NFKC", _CONTROL.sub(" ", text or ""))
    return converter(detect_variant(text)).convert(text).text


def tokens(text: str) -> list[str]:
    """jieba words of simplified text that carry a letter or digit, lower-cased."""
    from ingest.pipeline.tags import segment

    return [w.lower() for w in segment(text) if _WORD.search(w) and not w.isspace()]


@dataclass(frozen=True)
class Query:
    """A parsed query: the converted parts as typed, and the words of each part."""

    raw: str
    parts: tuple[str, ...] = ()
    words: tuple[tuple[str, ...], ...] = field(default=())

    def __bool__(self) -> bool:
        return any(self.words)

    @property
    def all_words(self) -> list[str]:
        return list(dict.fromkeys(w for ws in self.words for w in ws))


def parse(q: str) -> Query:
    """The query as documents are stored: converted, split on spaces, each part segmented."""
    raw = (q or "")[:MAX_QUERY_CHARS]
    parts, words = [], []
    for part in convert(raw).split()[:MAX_PARTS]:
        ws = tuple(tokens(part))
        if ws:
            parts.append(part.lower())
            words.append(ws)
    return Query(raw=raw, parts=tuple(parts), words=tuple(words))


# --------------------------------------------------------------------------- the search document


def document_texts(policy, clauses) -> tuple[str, str, str]:
    """(title, headings and metadata, body) of a policy as space-joined tokens."""
    meta = " ".join(
        x
        for x in [
            policy.region_label,
            policy.issuer or "",
            policy.doc_number or "",
            *(c.heading or "" for c in clauses),
        ]
        if x
    )
    body = policy.text or "\n".join(c.text for c in clauses)
    return (" ".join(tokens(policy.title)), " ".join(tokens(meta)), " ".join(tokens(body)))


_UPSERT = """
INSERT INTO policies_policysearch (policy_id, head, vector, built_at)
SELECT id, head, head || setweight(to_tsvector('simple', body), 'D'), now()
FROM (SELECT %s AS id, setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')
             AS head, %s AS body) AS doc
ON CONFLICT (policy_id) DO UPDATE SET head = EXCLUDED.head, vector = EXCLUDED.vector, built_at = EXCLUDED.built_at
"""


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def index_rows(rows: list[tuple[int, str, str, str]]) -> None:
    """Write search documents: rows of (policy id, title tokens, meta tokens, body tokens)."""
    if rows and is_postgres():
        with connection.cursor() as cur:
            cur.executemany(_UPSERT, rows)


def index_policies(policies) -> int:
    """Build the search documents of these policies (published or not: only published ones are searched)."""
    from .models import Clause

    policies = list(policies)
    by_policy: dict[int, list] = {p.pk: [] for p in policies}
    for c in Clause.objects.filter(policy__in=by_policy).only("policy_id", "heading", "text", "order"):
        by_policy[c.policy_id].append(c)
    rows = [(p.pk, *document_texts(p, sorted(by_policy[p.pk], key=lambda c: c.order))) for p in policies]
    index_rows(rows)
    return len(rows)


def forget(policy_id: int) -> None:
    """Drop a policy's search document; the next search (or publish) rebuilds it."""
    if is_postgres() and policy_id:
        from .models import PolicySearch

        PolicySearch.objects.filter(policy_id=policy_id).delete()


def rebuild_stale(limit: int = REBUILD_PER_SEARCH) -> int:
    """Build documents for published policies that have none (a changed policy or clause drops its own)."""
    from .models import Policy

    if not is_postgres():
        return 0
    stale = list(Policy.objects.published().filter(search__isnull=True).order_by("id")[:limit])
    if not stale:
        return 0
    with transaction.atomic():
        return index_policies(stale)


# --------------------------------------------------------------------------- matching and ranking


def _tsquery(query: Query, *, phrase: bool):
    """Each part as a phrase of its words (or, loosely, every word anywhere); each word also matches
    as a prefix, since jieba may keep a longer word in the document (朝阳 -> 朝阳区)."""
    from django.contrib.postgres.search import SearchQuery

    def term(word: str) -> str:
        return " <-> ".join(f"'{piece}':*" for piece in _PIECES.findall(word))

    groups = [[t for t in (term(w) for w in words) if t] for words in query.words]
    if phrase:
        raw = " & ".join(f"({' <-> '.join(g)})" for g in groups if g)
    else:
        raw = " & ".join(t for g in groups for t in g)
    return SearchQuery(raw, config="simple", search_type="raw")


def apply(qs: QuerySet, q: str):
    """(policies of qs matching q, an expression ranking them or None, the parsed query).

    The rank is meant for order_by only, so counting the matches stays an index scan.
    """
    query = parse(q)
    if not query:
        return qs, None, query
    if not is_postgres():
        return _fallback(qs, query), None, query
    from django.contrib.postgres.search import SearchRank

    rebuild_stale()
    tsquery = _tsquery(query, phrase=True)
    found = qs.filter(search__vector=tsquery)
    if len(query.all_words) > 1 and not found.exists():
        tsquery = _tsquery(query, phrase=False)
        found = qs.filter(search__vector=tsquery)
    # Ranked by the title and headings alone: a small vector kept in the row, so ranking thousands of
    # matches does not read every body; body-only matches follow, newest first.
    return found, SearchRank(F("search__head"), tsquery, normalization=1), query


def _fallback(qs: QuerySet, query: Query) -> QuerySet:
    """Substring search (SQLite quick start): every word in the policy's fields or in one of its clauses."""
    from .models import Clause

    for word in query.all_words:
        in_clauses = Clause.objects.filter(policy=OuterRef("pk")).filter(
            Q(text__icontains=word) | Q(heading__icontains=word)
        )
        qs = qs.filter(
            Q(title__icontains=word)
            | Q(region__icontains=word)
            | Q(city__icontains=word)
            | Q(doc_number__icontains=word)
            | Q(issuer__icontains=word)
            | Exists(in_clauses)
        )
    return qs


# --------------------------------------------------------------------------- what matched, highlighted


def _needles(query: Query) -> list[str]:
    """Strings to mark: each part as typed (converted), then its words; longest first."""
    out = {*query.parts, *(w for w in query.all_words if len(w) > 1 or not w.isascii())}
    return sorted(out, key=len, reverse=True)


def highlight(text: str, query: Query) -> SafeString:
    """text escaped, with every occurrence of the query's parts and words wrapped in <mark>."""
    needles = _needles(query)
    if not text or not needles:
        return escape(text or "")
    pattern = re.compile("|".join(re.escape(n) for n in needles), re.IGNORECASE)
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group(0))}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))


def snippet(text: str, query: Query, width: int = 60) -> SafeString:
    """A window of text around the first hit, highlighted."""
    low = (text or "").lower()
    first = min((i for n in _needles(query) if (i := low.find(n)) >= 0), default=0)
    start = max(0, first - width // 3)
    end = min(len(text), start + width)
    piece = text[start:end]
    return mark_safe(("…" if start else "") + highlight(piece, query) + ("…" if end < len(text) else ""))


def _clause_score(clause, query: Query) -> tuple[int, int, int]:
    heading = (clause.heading or "").lower()
    text = clause.text.lower()
    phrases = sum(1 for p in query.parts if p in heading or p in text)
    in_heading = sum(1 for w in query.all_words if w in heading)
    words = sum(1 for w in query.all_words if w in text or w in heading)
    return (phrases, in_heading, words)


def best_clauses(policies, query: Query, per_policy: int = 2) -> None:
    """Set `hits` on each policy: its best matching clauses, each with a highlighted snippet."""
    from .labels import readable_number
    from .models import Clause

    policies = list(policies)
    for p in policies:
        p.hits = []
    if not query or not policies:
        return
    by_id = {p.pk: p for p in policies}
    candidates: dict[int, list] = {}
    clauses = Clause.objects.filter(policy__in=by_id).only(
        "id", "policy_id", "order", "number", "heading", "text"
    )
    for c in clauses.order_by("policy_id", "order"):
        score = _clause_score(c, query)
        if score[2]:
            candidates.setdefault(c.policy_id, []).append((score, -len(c.text), c))
    for pid, rows in candidates.items():
        rows.sort(key=lambda r: (r[0], r[1]), reverse=True)
        policy = by_id[pid]
        for _, _, c in rows[:per_policy]:
            c.policy = policy
            policy.hits.append(
                {
                    "clause": c,
                    "number": readable_number(c.number),
                    "heading": highlight(c.heading or "", query),
                    "snippet": snippet(c.text, query),
                }
            )
