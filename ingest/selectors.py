"""Reads for the ingest pages and API: runs, documents and the review of one policy."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from policies.models import Clause, ClauseCorrection, Policy

from .models import IngestRun, SourceDocument


def recent_runs(limit: int = 20) -> QuerySet[IngestRun]:
    """The latest runs with their documents."""
    return IngestRun.objects.select_related("document", "started_by").order_by("-created_at", "-id")[:limit]


def document_list(limit: int = 100) -> QuerySet[SourceDocument]:
    """Documents, newest first, with their policies."""
    return SourceDocument.objects.select_related("uploaded_by").prefetch_related("policies")[:limit]


def latest_run(document: SourceDocument) -> IngestRun | None:
    """The document's most recent run."""
    return document.runs.order_by("-created_at", "-id").first()


def run_status(run: IngestRun) -> dict[str, Any]:
    """What a poller needs: status, stage, percent, error, warnings and the result."""
    return {
        "id": run.pk,
        "document": run.document_id,
        "status": run.status,
        "status_display": run.get_status_display(),
        "stage": run.stage,
        "progress": run.progress,
        "error": run.error,
        "warnings": run.warnings,
        "result": run.result,
        "finished": run.status in (IngestRun.Status.SUCCEEDED, IngestRun.Status.FAILED),
    }


def _span(value: Any) -> str:
    """A span as the 'a,b' a page's data attribute carries, or ''."""
    if isinstance(value, list | tuple) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return f"{value[0]},{value[1]}"
    return ""


def _items(values: list, spans: Any) -> list[dict[str, Any]]:
    spans = spans if isinstance(spans, list) else []
    return [{"value": v, "span": _span(spans[i] if i < len(spans) else None)} for i, v in enumerate(values)]


def _clause_node(clause: Clause, numbers: set[str], corrected: set[str]) -> dict[str, Any]:
    ev = clause.evidence or {}
    benefits = list(clause.benefits.all())
    return {
        "clause": clause,
        "depth": clause.number.count("/"),
        "label": clause.number.rsplit("/", 1)[-1],
        "leaf": not any(n.startswith(f"{clause.number}/") for n in numbers),
        "span": _span(clause.span),
        "heading_span": _span(ev.get("heading")) or _span(clause.span),
        "max_span": _span(ev.get("max_amount_yuan")),
        "amounts": _items(clause.amounts_yuan, ev.get("amounts_yuan")),
        "ratios": _items([round(r * 100, 4) for r in clause.ratios], ev.get("ratios")),
        "thresholds": _items(clause.thresholds, ev.get("thresholds")),
        "qualifications": _items(clause.qualifications, ev.get("qualifications")),
        "departments": _items(clause.departments, ev.get("departments")),
        "requirements": [
            {
                "index": i,
                "text": r.get("text", ""),
                "span": _span(r.get("span")),
                "modelled": bool(r.get("modelled")),
                "kind": r.get("kind") or "",
                "settled": bool(r.get("settled")),
                "question": r.get("question") or "",
                "raw": r,
            }
            for i, r in enumerate(clause.requirements or [])
            if isinstance(r, dict)
        ],
        "benefits": [
            {
                "benefit": b,
                "span": _span(b.evidence),
                "ratio_pct": None if b.ratio is None else round(b.ratio * 100, 4),
            }
            for b in benefits
        ],
        "corrected": clause.extracted_number in corrected or clause.number in corrected,
    }


def _original_script(policy: Policy, document: SourceDocument | None) -> str:
    """The policy's text as uploaded when that was traditional script ("" otherwise)."""
    if document is None or document.script != "zh-Hant" or not document.original_text:
        return ""
    span = (policy.extracted or {}).get("original_span")
    if isinstance(span, list) and len(span) == 2 and all(isinstance(v, int) for v in span):
        return document.original_text[span[0] : span[1]]
    return document.original_text


def policy_review(policy_id: int) -> dict[str, Any]:
    """Everything the review page shows: text, clause tree with evidence, diff, corrections, warnings."""
    policy = (
        Policy.objects.select_related("source_document", "previous_version", "published_by")
        .prefetch_related(
            Prefetch("clauses", queryset=Clause.objects.order_by("order", "id").prefetch_related("benefits"))
        )
        .get(pk=policy_id)
    )
    clauses = list(policy.clauses.all())
    corrections = list(
        ClauseCorrection.objects.filter(policy=policy).select_related("user", "clause").order_by("-at", "-id")
    )
    corrected = {c.clause_number for c in corrections if c.clause_number}
    numbers = {c.number for c in clauses}
    document = policy.source_document
    text = document.text if document is not None else policy.text
    span = policy.span if isinstance(policy.span, list) and len(policy.span) == 2 else [0, len(text)]
    base = span[0] if document is not None else 0
    body = text[span[0] : span[1]] if document is not None else text
    meta_ev = (policy.extracted or {}).get("evidence") or {}
    run = latest_run(document) if document is not None else None
    warnings = [w for w in (run.warnings if run else []) if w.get("policy") in (None, policy.title)]
    next_version = Policy.objects.filter(previous_version=policy).first()
    return {
        "policy": policy,
        "document": document,
        "text": body,
        "text_base": base,
        "original": _original_script(policy, document),
        "nodes": [_clause_node(c, numbers, corrected) for c in clauses],
        "meta_spans": {k: _span(v) for k, v in meta_ev.items()},
        "corrections": corrections,
        "corrected_policy_fields": {c.field for c in corrections if not c.clause_number},
        "warnings": warnings,
        "diff": policy.diff or None,
        "conflict": policy.status == Policy.Status.DRAFT and bool((policy.diff or {}).get("conflict")),
        "next_version": next_version,
        "other_sources": list(policy.other_sources.select_related("document", "decided_by")),
    }
