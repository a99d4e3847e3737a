"""Writes for ingest: store uploads, run the pipeline, save drafts and versions, correct, publish."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import mimetypes
import re
import time
from pathlib import Path
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import ProtectedError, Q
from django.dispatch import Signal
from django.utils import timezone

from accounts.services import office_for_policy
from policies.models import Benefit, Clause, ClauseCorrection, Currency, Policy
from policies.titles import title_key

from . import pipeline
from .diff import clause_values, policy_diff
from .evidence import clause_evidence
from .models import IngestRun, PolicySource, SourceDocument
from .pipeline.errors import UnusableDocument

log = logging.getLogger(__name__)

# Sent inside the save stage's transaction before anything is written, with ``run`` and ``attempt``
# (1, 2, ...). Fault tests drop the database connection here to check that the save is retried.
save_started = Signal()
# A lost or failing connection: the save stage is tried again on a fresh one.
RETRIED_DB_ERRORS = (OperationalError, InterfaceError)

ALLOWED_EXTENSIONS = (".txt", ".html", ".htm", ".docx", ".pdf")
# Keys of the pipeline's document dict that are not part of INGEST_JSON (large, internal).
INTERNAL_KEYS = ("text", "original_text", "offsets")

POLICY_FIELDS = {
    "title": "标题",
    "doc_number": "文号",
    "issuer": "发文机关",
    "province": "省份",
    "city": "城市",
    "region": "区县/园区",
    "published_on": "发布日期",
    "effective_from": "施行日期",
    "effective_until": "有效期至",
    "is_draft": "征求意见稿/草案",
    "stacking": "不重复享受规则",
    "apply_from": "申报开始日期",
    "apply_until": "申报截止日期",
    "handling_office": "受理部门",
    "contact_phone": "咨询电话",
}
CLAUSE_FIELDS = {
    "number": "编号",
    "heading": "标题",
    "text": "条款原文",
    "kind": "类型",
    "max_amount_yuan": "最高金额(元)",
    "amounts_yuan": "金额(元)",
    "ratios": "比例",
    "benefits": "支持内容",
    "conditions": "申报条件",
    "qualifications": "资质要求",
    "thresholds": "门槛",
    "departments": "责任部门",
    "tags": "标签",
}
_DATE_FIELDS = ("published_on", "effective_from", "effective_until", "apply_from", "apply_until")
_MAX_LEN = {"title": 300, "doc_number": 100, "issuer": 200, "province": 50, "city": 50, "region": 100,
            "stacking": 100, "number": 100, "heading": 300, "handling_office": 200,
            "contact_phone": 100}  # fmt: skip


class IngestError(Exception):
    """A Chinese message for the admin: the upload or the action cannot go ahead."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def format_size(size: int) -> str:
    """Bytes as a short Chinese-friendly size: 10485760 -> '10 MB'."""
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f}".rstrip("0").rstrip(".") + " MB"
    if size >= 1024:
        return f"{size / 1024:.1f}".rstrip("0").rstrip(".") + " KB"
    return f"{size} 字节"


def size_limit_reason() -> str:
    """The message for a file over settings.UPLOAD_MAX_BYTES."""
    return f"文件超过大小上限({format_size(settings.UPLOAD_MAX_BYTES)})"


def public_document(doc: dict[str, Any]) -> dict[str, Any]:
    """The pipeline's document dict without its internal text fields (the INGEST_JSON document)."""
    return {k: v for k, v in doc.items() if k not in INTERNAL_KEYS}


# --------------------------------------------------------------------------- documents


def document_store(data: bytes, filename: str, user=None) -> tuple[SourceDocument, bool]:
    """Keep the raw bytes; the same bytes again return the document already held (created=False)."""
    if len(data) > settings.UPLOAD_MAX_BYTES:
        raise IngestError(size_limit_reason())
    name = Path(filename.replace("\\", "/")).name[:255] or "未命名文件"
    sha = hashlib.sha256(data).hexdigest()
    existing = SourceDocument.objects.filter(sha256=sha).first()
    if existing is not None:
        return existing, False
    ext = Path(name).suffix.lower()
    ext = ext if ext in ALLOWED_EXTENSIONS else ".bin"
    doc = SourceDocument(
        filename=name,
        sha256=sha,
        size=len(data),
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
        uploaded_by=user if user is not None and user.is_authenticated else None,
    )
    doc.file.save(f"{sha[:20]}{ext}", ContentFile(data), save=False)
    try:
        with transaction.atomic():
            doc.save()
    except IntegrityError:  # the same bytes stored by a concurrent upload
        doc.file.delete(save=False)
        return SourceDocument.objects.get(sha256=sha), False
    return doc, True


def document_bytes(document: SourceDocument) -> bytes:
    """The raw bytes kept for a document."""
    with document.file.open("rb") as f:
        return f.read()


# --------------------------------------------------------------------------- runs


def run_enqueue(run: IngestRun, *, publish: bool = False) -> None:
    """Record the run in the outbox with the upload; it is sent to a worker when the broker is up,
    resumed if its worker dies, and failed with a reason when it cannot finish (outbox.GIVE_UP)."""
    from outbox.services import enqueue

    with transaction.atomic():
        enqueue("ingest.run_ingest", run.pk, publish, atomic=False)


def run_give_up(run_id: int, *args) -> None:
    """The outbox gave up on a run (its worker died again and again): fail it with the reason."""
    run = IngestRun.objects.filter(pk=run_id).exclude(status=IngestRun.Status.SUCCEEDED).first()
    if run is not None:
        _fail(run, "处理多次中断(任务处理进程退出或超时),已停止;请检查文件后点击“重新导入”")


def upload(data: bytes, filename: str, user=None) -> tuple[SourceDocument, IngestRun | None]:
    """Store an upload and queue its run; a file already held gets no new run (run is None)."""
    if Path(filename).suffix.lower() not in ALLOWED_EXTENSIONS:
        raise IngestError("不支持的文件类型,仅支持 txt、html、docx、pdf")
    document, created = document_store(data, filename, user)
    if not created:
        return document, None
    run = run_create(document, user)
    run_enqueue(run)
    return document, run


def reingest(document: SourceDocument, user=None) -> IngestRun:
    """Queue a new run over a document already held (corrections are kept)."""
    run = run_create(document, user)
    run_enqueue(run)
    return run


def run_create(document: SourceDocument, user=None) -> IngestRun:
    """A queued run over a document (the task or ingest_document executes it)."""
    return IngestRun.objects.create(
        document=document,
        started_by=user if user is not None and user.is_authenticated else None,
        stage="排队中",
    )


def _progress(run: IngestRun, stage: str, percent: int, **fields: Any) -> None:
    """Record progress outside any transaction so pollers see it at once."""
    run.stage, run.progress = stage, percent
    for k, v in fields.items():
        setattr(run, k, v)
    IngestRun.objects.filter(pk=run.pk).update(stage=stage, progress=percent, **fields)


def _fail(run: IngestRun, reason: str) -> IngestRun:
    _progress(
        run, "失败", run.progress, status=IngestRun.Status.FAILED, error=reason, finished_at=timezone.now()
    )
    return run


def ingest_document(document: SourceDocument, *, publish: bool = False, user=None) -> IngestRun:
    """Run the pipeline over a stored document and save its policies as drafts (or publish them)."""
    return run_execute(run_create(document, user), publish=publish)


def run_execute(run: IngestRun, *, publish: bool = False) -> IngestRun:
    """Execute a queued run: pipeline, then one transaction for all policies, clauses and benefits."""
    document = run.document
    user = run.started_by
    _progress(run, "读取文件", 5, status=IngestRun.Status.RUNNING, error="", warnings=[], result={})
    if document.size > settings.UPLOAD_MAX_BYTES:
        return _fail(run, size_limit_reason())
    try:
        data = document_bytes(document)
    except OSError:
        log.exception("cannot read source document %s", document.pk)
        return _fail(run, "原始文件无法读取")
    _progress(run, "文本抽取与条款识别", 15)
    try:
        doc = pipeline.run(data, document.filename)
    except UnusableDocument as exc:
        return _fail(run, exc.reason)
    except SoftTimeLimitExceeded:
        return _fail(run, f"处理超时(超过 {settings.INGEST_SOFT_TIME_LIMIT} 秒),请拆分文件后重新上传")
    except Exception:
        log.exception("pipeline failed on %s", document.filename)
        return _fail(run, "文件处理出错,请确认文件内容为政策文本后重试")
    if not doc.get("policies"):
        return _fail(run, "未识别到任何条款")
    _progress(run, "保存政策与条款、比对版本", 70)
    try:
        saved, warnings = _save_retrying(run, doc, publish=publish, user=user)
    except RETRIED_DB_ERRORS:
        log.exception("saving ingest result failed for %s after retries", document.filename)
        if not connection.in_atomic_block:
            connection.close()  # the next query (recording the failure) opens a fresh connection
        return _fail(
            run,
            f"保存抽取结果时数据库连接出错(已重试 {settings.INGEST_SAVE_ATTEMPTS - 1} 次),"
            "未保存任何条款;请稍后点击“重新导入”",
        )
    except Exception:
        log.exception("saving ingest result failed for %s", document.filename)
        return _fail(run, "保存抽取结果时出错,未保存任何条款")
    warnings = [*doc.get("warnings", []), *warnings]
    result = {
        "encoding": doc.get("encoding"),
        "script": doc.get("script"),
        "policies": [_policy_summary(p) for p in saved],
    }
    _progress(
        run,
        "完成",
        100,
        status=IngestRun.Status.SUCCEEDED,
        warnings=warnings,
        result=result,
        finished_at=timezone.now(),
    )
    return run


def _save_retrying(run: IngestRun, doc: dict[str, Any], *, publish: bool, user) -> tuple[list, list]:
    """The save stage in one transaction, tried again on a database error of the connection (a
    dropped connection, a restarted server), as matching's tasks retry theirs: the pipeline's
    result is kept, and a failed attempt rolled back everything it wrote, so the run saves once.
    Inside a caller's transaction nothing can be retried (that transaction is lost too)."""
    attempts = max(1, settings.INGEST_SAVE_ATTEMPTS)
    for attempt in range(1, attempts + 1):
        try:
            with transaction.atomic():
                save_started.send(sender=IngestRun, run=run, attempt=attempt)
                return _save_stage(run.document, doc, publish=publish, user=user)
        except RETRIED_DB_ERRORS:
            if attempt == attempts or connection.in_atomic_block:
                raise
            log.warning(
                "ingest run %s: database error while saving, retry %s", run.pk, attempt, exc_info=True
            )
            connection.close()
            time.sleep(min(settings.INGEST_SAVE_RETRY_DELAY * 2 ** (attempt - 1), 30))
    raise AssertionError("unreachable")


def _save_stage(document: SourceDocument, doc: dict[str, Any], *, publish: bool, user) -> tuple[list, list]:
    saved, warnings = _save_document(document, doc)
    if publish:
        for policy in saved:
            if (
                policy.status == Policy.Status.DRAFT
                and not is_conflict(policy)
                and _newer_published(policy) is None
            ):
                policy_publish(policy, user)
                policy.refresh_from_db(fields=["status"])
    return saved, warnings


def _policy_summary(policy: Policy) -> dict[str, Any]:
    clauses = list(policy.clauses.all())
    return {
        "id": policy.pk,
        "title": policy.title,
        "region": policy.region,
        "version": policy.version,
        "previous_id": policy.previous_version_id,
        "status": policy.status,
        "clauses": len(clauses),
        "support_clauses": sum(1 for c in clauses if c.kind == Clause.Kind.SUPPORT),
        **_largest_amount(clauses),
    }


def _largest_amount(clauses: list[Clause]) -> dict[str, Any]:
    """The policy's largest clause amount with its currency; yuan first, amounts in different
    currencies are never compared."""
    money = [(c.max_amount_yuan, c.currency) for c in clauses if c.max_amount_yuan]
    yuan = [m for m in money if m[1] == Currency.CNY]
    amount, currency = max(yuan or money, default=(None, Currency.CNY))
    return {"max_amount_yuan": amount, "currency": currency}


# --------------------------------------------------------------------------- saving


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _clip(field: str, value: Any) -> Any:
    if isinstance(value, str) and field in _MAX_LEN:
        return value[: _MAX_LEN[field]]
    return value


def _policy_values(p: dict[str, Any]) -> dict[str, Any]:
    values = {
        "title": _clip("title", p.get("title") or "未命名政策"),
        "doc_number": _clip("doc_number", p.get("doc_number")),
        "issuer": _clip("issuer", p.get("issuer")),
        "province": _clip("province", p.get("province") or ""),
        "city": _clip("city", p.get("city") or ""),
        "region": _clip("region", p.get("region") or ""),
        "is_draft": bool(p.get("is_draft")),
        "stacking": _clip("stacking", p.get("stacking")),
        "handling_office": _clip("handling_office", p.get("handling_office") or ""),
        "contact_phone": _clip("contact_phone", p.get("contact_phone") or ""),
        "supersedes": list(p.get("supersedes") or []),
        "span": list(p.get("span") or []),
    }
    for f in _DATE_FIELDS:
        values[f] = _date(p.get(f))
    values["title_key"] = title_key(values["title"])
    return values


def _clause_row_values(c: dict[str, Any], text: str) -> dict[str, Any]:
    kind = c.get("kind") if c.get("kind") in Clause.Kind.values else Clause.Kind.GENERAL
    number = _clip("number", c.get("number") or "")
    return {
        "number": number,
        "extracted_number": number,
        "heading": _clip("heading", c.get("heading")),
        "text": c.get("text") or "",
        "span": list(c.get("span") or []),
        "kind": kind,
        "currency": c.get("currency") if c.get("currency") in Currency.values else Currency.CNY,
        "max_amount_yuan": c.get("max_amount_yuan"),
        "amounts_yuan": list(c.get("amounts_yuan") or []),
        "ratios": list(c.get("ratios") or []),
        "conditions": c.get("conditions") or {},
        "qualifications": list(c.get("qualifications") or []),
        "thresholds": list(c.get("thresholds") or []),
        "requirements": list(c.get("requirements") or []),
        "departments": list(c.get("departments") or []),
        "tags": list(c.get("tags") or []),
        "evidence": clause_evidence(c, text),
    }


def _benefit_rows(c: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for b in c.get("benefits") or []:
        kind = b.get("kind") if b.get("kind") in Benefit.Kind.values else Benefit.Kind.GRANT
        years = b.get("years")
        rows.append(
            {
                "kind": kind,
                "ratio": b.get("ratio"),
                "base": (b.get("base") or None) and str(b["base"])[:200],
                "cap_yuan": b.get("cap_yuan"),
                "currency": b.get("currency") if b.get("currency") in Currency.values else Currency.CNY,
                "per_year": bool(b.get("per_year")),
                "years": years if isinstance(years, int) and years >= 0 else None,
                "evidence": list(b.get("evidence") or []),
            }
        )
    return rows


def clause_benefits(clause: Clause) -> list[dict[str, Any]]:
    """The clause's benefits as plain dicts (stored in corrections and compared on re-ingest)."""
    return [
        {
            "kind": b.kind,
            "ratio": b.ratio,
            "base": b.base,
            "cap_yuan": b.cap_yuan,
            "currency": b.currency,
            "per_year": b.per_year,
            "years": b.years,
            "evidence": b.evidence,
        }
        for b in clause.benefits.all().order_by("id")
    ]


def _set_benefits(clause: Clause, rows: list[dict[str, Any]]) -> None:
    clause.benefits.all().delete()
    Benefit.objects.bulk_create([Benefit(clause=clause, **r) for r in rows])


def _previous_for(values: dict[str, Any], document: SourceDocument) -> Policy | None:
    """The latest version of the same policy held from another document (same 文号 or same title)."""
    cond = Q(title_key=values["title_key"]) if values["title_key"] else Q(pk__in=[])
    if values["doc_number"]:
        cond |= Q(doc_number=values["doc_number"])
    candidates = Policy.objects.filter(cond).exclude(source_document=document)
    latest = candidates.filter(next_version__isnull=True).order_by("-version", "-id").first()
    return latest


def _newer_published(policy: Policy) -> Policy | None:
    nxt = Policy.objects.filter(previous_version=policy).first()
    while nxt is not None:
        if nxt.status == Policy.Status.PUBLISHED:
            return nxt
        nxt = Policy.objects.filter(previous_version=nxt).first()
    return None


def _save_document(document: SourceDocument, doc: dict[str, Any]) -> tuple[list[Policy], list[dict]]:
    """Save every policy of one pipeline document; call inside a transaction."""
    text = doc.get("text") or ""
    document.encoding = (doc.get("encoding") or "")[:30]
    document.script = (doc.get("script") or "")[:10]
    document.text = text
    document.original_text = doc.get("original_text") or ""
    document.save(update_fields=["encoding", "script", "text", "original_text"])

    held = list(document.policies.order_by("id"))
    saved: list[Policy] = []
    warnings: list[dict] = []
    # A file whose policies state no support clause (a 解读 page, a press release) keeps the policies it
    # names; next to policies with clauses, a policy without any is a package notice and is not saved.
    any_clauses = any(p.get("clauses") for p in doc.get("policies", []))
    repeated: set[tuple] = set()
    for pdata in doc.get("policies", []):
        values = _policy_values(pdata)
        # A file that states the same policy twice (a page repeating its text) gives one draft.
        key = _repeat_key(values, pdata)
        if key in repeated:
            warnings.append({"policy": values["title"], "message": "文件中重复出现的同一政策,只保存一次"})
            continue
        repeated.add(key)
        if not pdata.get("clauses"):
            if any_clauses:
                warnings.append({"policy": values["title"], "message": "未识别到条款,该政策未保存"})
                continue
            warnings.append(
                {"policy": values["title"], "message": "未识别到条款,仅保存了政策基本信息,请人工核对"}
            )
        policy = _take_held(held, values)
        corrections = _latest_corrections(policy)
        _overlay_policy(values, corrections)
        clause_dicts = pdata["clauses"]
        conflict = None
        if policy is None:
            previous = _previous_for(values, document)
            if previous is not None:
                new_rows = [_clause_row_values(c, text) for c in clause_dicts]
                diff = policy_diff(previous, values, new_rows)
                if diff["unchanged_all"]:
                    warnings.append(
                        {
                            "policy": values["title"],
                            "message": f"与已有政策(第{previous.version}版)内容一致,未重复创建",
                            "policy_id": previous.pk,
                        }
                    )
                    continue
                relation = version_relation(previous, values, new_rows, document)
                if relation in PolicySource.Kind.values:
                    warnings.append(_record_source(previous, document, values, relation, diff))
                    continue
                conflict = relation == CONFLICT
            policy = Policy(source_document=document, text=_slice(text, values["span"]))
            if previous is not None:
                policy.version = previous.version + 1
                policy.previous_version = previous
        _apply(policy, values)
        policy.text = _slice(text, values["span"])
        policy.extracted = pdata
        policy.save()
        _sync_clauses(policy, clause_dicts, text, warnings, corrections)
        if policy.previous_version_id:
            refresh_diff(policy, conflict=conflict)
        warnings.extend(_warnings_for(policy))
        saved.append(policy)
    for stale in held:
        warnings.append(
            {"policy": stale.title, "message": "上次导入识别到的这项政策本次未识别到,已保留原记录"}
        )
    return saved, warnings


def _slice(text: str, span: list[int]) -> str:
    if len(span) == 2:
        return text[span[0] : span[1]]
    return text


def _repeat_key(values: dict[str, Any], pdata: dict[str, Any]) -> tuple:
    """Same title and the same clauses word for word: the same policy stated again."""
    clauses = tuple(
        (c.get("number") or "", " ".join((c.get("text") or "").split())) for c in pdata.get("clauses") or ()
    )
    return values["title_key"], values["doc_number"] or "", clauses


def _take_held(held: list[Policy], values: dict[str, Any]) -> Policy | None:
    """The policy this document produced last time for the same extracted title (or 文号)."""
    for p in held:
        if title_key((p.extracted or {}).get("title") or p.title) == values["title_key"]:
            held.remove(p)
            return p
    if values["doc_number"]:
        for p in held:
            if (p.extracted or {}).get("doc_number") == values["doc_number"]:
                held.remove(p)
                return p
    return None


def _apply(obj, values: dict[str, Any]) -> bool:
    changed = False
    for k, v in values.items():
        if getattr(obj, k) != v:
            setattr(obj, k, v)
            changed = True
    return changed


def _sync_clauses(
    policy: Policy,
    clause_dicts: list[dict],
    text: str,
    warnings: list[dict],
    corrections: dict[tuple[str, str], ClauseCorrection],
) -> None:
    """Update clauses in place by extracted number, corrections and settlements laid over; create new,
    drop vanished."""
    from .settlements import apply as apply_settlements
    from .settlements import settlements_for

    settled = settlements_for(policy)
    existing: dict[str, list[Clause]] = {}
    for c in policy.clauses.order_by("order", "id"):
        existing.setdefault(c.extracted_number or c.number, []).append(c)
    for order, cdata in enumerate(clause_dicts):
        values = _clause_row_values(cdata, text)
        values["order"] = order
        benefits = _benefit_rows(cdata)
        mine = [(f, corr) for (n, f), corr in corrections.items() if n and n == values["extracted_number"]]
        for field, corr in mine:
            if field == "benefits":
                benefits = [_benefit_from_json(b) for b in corr.new or []]
            elif field in CLAUSE_FIELDS:
                values[field] = corr.new
        if settled:
            apply_settlements(values, settled)
        rows = existing.get(values["extracted_number"])
        if rows:
            clause = rows.pop(0)
            changed = _apply(clause, values)
            if clause_benefits(clause) != benefits:
                _set_benefits(clause, benefits)
                changed = True
            if changed:
                clause.version += 1
                clause.save()
        else:
            clause = Clause.objects.create(policy=policy, **values)
            Benefit.objects.bulk_create([Benefit(clause=clause, **r) for r in benefits])
        stale_links = [corr.pk for _, corr in mine if corr.clause_id != clause.pk]
        if stale_links:
            ClauseCorrection.objects.filter(pk__in=stale_links).update(clause=clause)
    for rows in existing.values():
        for clause in rows:
            try:
                with transaction.atomic():
                    clause.delete()
            except ProtectedError:
                warnings.append(
                    {
                        "policy": policy.title,
                        "clause": clause.number,
                        "message": "该条款本次未识别到,但已有申报引用,已保留",
                    }
                )


def _latest_corrections(policy: Policy | None) -> dict[tuple[str, str], ClauseCorrection]:
    """Each field's latest correction, keyed by (extracted clause number or "" for the policy, field)."""
    latest: dict[tuple[str, str], ClauseCorrection] = {}
    if policy is None or policy.pk is None:
        return latest
    for corr in policy.corrections.order_by("at", "id"):
        latest[(corr.clause_number, corr.field)] = corr
    return latest


def _overlay_policy(values: dict[str, Any], corrections: dict[tuple[str, str], ClauseCorrection]) -> None:
    for (number, field), corr in corrections.items():
        if not number and field in POLICY_FIELDS:
            values[field] = _date(corr.new) if field in _DATE_FIELDS else corr.new
    values["title_key"] = title_key(values["title"])


def _benefit_from_json(b: dict[str, Any]) -> dict[str, Any]:
    return {k: b.get(k) for k in ("kind", "ratio", "base", "cap_yuan", "per_year", "years")} | {
        "currency": b.get("currency") if b.get("currency") in Currency.values else Currency.CNY,
        "per_year": bool(b.get("per_year")),
        "evidence": list(b.get("evidence") or []),
    }


def is_leaf(clause: Clause, numbers: set[str]) -> bool:
    """Whether no other clause of the policy sits under this one."""
    prefix = f"{clause.number}/"
    return not any(n.startswith(prefix) for n in numbers)


def _warnings_for(policy: Policy) -> list[dict]:
    out: list[dict] = []
    if not policy.region:
        out.append({"policy": policy.title, "message": "未识别到地区"})
    clauses = list(policy.clauses.prefetch_related("benefits"))
    numbers = {c.number for c in clauses}
    for c in clauses:
        if c.kind != Clause.Kind.SUPPORT or not is_leaf(c, numbers):
            continue
        if not c.amounts_yuan and not c.ratios and not any(b.cap_yuan for b in c.benefits.all()):
            out.append({"policy": policy.title, "clause": c.number, "message": "条款无金额"})
        elif c.amounts_yuan and c.max_amount_yuan is None:
            out.append({"policy": policy.title, "clause": c.number, "message": "金额未识别到上限用语"})
    return out


def refresh_diff(policy: Policy, *, conflict: bool | None = None) -> None:
    """Recompute and store the clause-by-clause difference from the previous version.

    ``conflict`` marks (True) or clears (False) a version waiting for an admin's decision;
    None keeps what was stored.
    """
    previous = policy.previous_version
    if previous is None:
        if policy.diff:
            Policy.objects.filter(pk=policy.pk).update(diff={})
        return
    was_conflict = bool((policy.diff or {}).get("conflict"))
    values = {k: getattr(policy, k) for k in POLICY_FIELDS}
    rows = [clause_values(c) for c in policy.clauses.order_by("order", "id")]
    policy.diff = policy_diff(previous, values, rows)
    if conflict if conflict is not None else was_conflict:
        policy.diff["conflict"] = True
    Policy.objects.filter(pk=policy.pk).update(diff=policy.diff)


def is_conflict(policy: Policy) -> bool:
    """Whether this draft version waits for an admin to decide between it and the published one."""
    return policy.status == Policy.Status.DRAFT and bool((policy.diff or {}).get("conflict"))


# --------------------------------------------------------------------------- versions

NEWER, CONFLICT = "newer", "conflict"
_DOC_NUMBER = re.compile(r"^(?P<prefix>.*?)〔(?P<year>\d{4})〕(?P<num>\d+)号")
_INFO_FIELDS = ("doc_number", "issuer", "published_on", "effective_from", "effective_until", "stacking")


def _order_key(values: dict[str, Any]) -> tuple[tuple | None, tuple | None]:
    """What orders editions: the 文号 (prefix, year, number) and the date it was issued or took effect."""
    m = _DOC_NUMBER.match(values.get("doc_number") or "")
    number = (m["prefix"], int(m["year"]), int(m["num"])) if m else None
    return number, values.get("published_on") or values.get("effective_from")


def _money(rows: list[dict[str, Any]]) -> set[int]:
    out: set[int] = set()
    for r in rows:
        out.update(a for a in r.get("amounts_yuan") or [] if isinstance(a, int))
        if isinstance(r.get("max_amount_yuan"), int):
            out.add(r["max_amount_yuan"])
    return out


def _information(values: dict[str, Any], rows: list[dict[str, Any]]) -> tuple[int, int]:
    """How much a copy tells: metadata fields present, then support clauses."""
    return (
        sum(1 for f in _INFO_FIELDS if values.get(f)),
        sum(1 for r in rows if r.get("kind") == Clause.Kind.SUPPORT),
    )


def version_relation(
    held: Policy, values: dict[str, Any], rows: list[dict[str, Any]], document: SourceDocument | None = None
) -> str:
    """How a new copy of a held policy (same 文号 or title) relates to it.

    - a decision recorded for this document before (PolicySource) stands;
    - 文号 (same issuer prefix, year and number) and then dates decide the order where both sides
      have them: ``newer`` becomes the next version, ``older`` is kept as a source;
    - otherwise a copy that tells no more and states no other money is a ``repost`` (a source);
      one that tells at least as much and keeps all the held money is ``newer``;
    - anything else (same policy, different money) is a ``conflict`` for an admin to decide.
    """
    if document is not None:
        decided = (
            PolicySource.objects.filter(document=document, policy__in=lineage(held))
            .values_list("kind", flat=True)
            .first()
        )
        if decided:
            return decided
    held_values = {f: getattr(held, f) for f in ("doc_number", *_INFO_FIELDS[1:])}
    (held_number, held_date), (new_number, new_date) = _order_key(held_values), _order_key(values)
    if held_number and new_number and held_number[0] == new_number[0] and held_number != new_number:
        return NEWER if new_number > held_number else PolicySource.Kind.OLDER
    if held_date and new_date and held_date != new_date:
        return NEWER if new_date > held_date else PolicySource.Kind.OLDER
    held_rows = [clause_values(c) for c in held.clauses.all()]
    held_money, new_money = _money(held_rows), _money(rows)
    held_info, new_info = _information(held_values, held_rows), _information(values, rows)
    if new_money <= held_money and all(n <= h for n, h in zip(new_info, held_info, strict=True)):
        return PolicySource.Kind.REPOST
    if held_money <= new_money and all(n >= h for n, h in zip(new_info, held_info, strict=True)):
        return NEWER
    return CONFLICT


def lineage(policy: Policy) -> list[Policy]:
    """Every version of the policy, oldest first."""
    root = policy
    seen = {root.pk}
    while root.previous_version_id and root.previous_version_id not in seen:
        root = root.previous_version
        seen.add(root.pk)
    chain = [root]
    nxt = Policy.objects.filter(previous_version=root).first()
    while nxt is not None and nxt.pk not in {p.pk for p in chain}:
        chain.append(nxt)
        nxt = Policy.objects.filter(previous_version=nxt).first()
    return chain


_SOURCE_MESSAGES = {
    PolicySource.Kind.REPOST: "为已有政策(第{v}版)的转载,信息较少,已记为其来源,未创建新版本",
    PolicySource.Kind.OLDER: "按文号或日期早于已有政策(第{v}版),已记为其较早来源,未替代",
    PolicySource.Kind.REJECTED: "该来源与已有政策(第{v}版)的冲突已由管理员驳回,保持不变",
}


def _record_source(
    held: Policy, document: SourceDocument, values: dict[str, Any], kind: str, diff: dict[str, Any]
) -> dict[str, Any]:
    PolicySource.objects.get_or_create(
        policy=held,
        document=document,
        title=values["title"],
        defaults={"kind": kind, "diff": diff},
    )
    return {
        "policy": values["title"],
        "message": _SOURCE_MESSAGES[kind].format(v=held.version),
        "policy_id": held.pk,
    }


def version_reject(policy: Policy, user=None) -> Policy:
    """An admin keeps the published version: the conflicting draft becomes a source of it, and goes."""
    with transaction.atomic():
        policy = (
            Policy.objects.select_for_update(of=("self",))
            .select_related("previous_version")
            .get(pk=policy.pk)
        )
        if not is_conflict(policy) or policy.previous_version is None:
            raise IngestError("该政策不是待裁决的冲突版本")
        held = policy.previous_version
        if policy.source_document_id:
            PolicySource.objects.update_or_create(
                policy=held,
                document_id=policy.source_document_id,
                title=policy.title,
                defaults={
                    "kind": PolicySource.Kind.REJECTED,
                    "diff": policy.diff,
                    "decided_by": user if user is not None and user.is_authenticated else None,
                },
            )
        policy.delete()
    return held


# --------------------------------------------------------------------------- publish


def _queue_rematch(policy_id: int) -> None:
    """Record re-matching of the policy in the outbox (sent after commit, once per transaction)."""
    from eligibility.services import schedule_policy_rematch

    schedule_policy_rematch(policy_id)


def policy_publish(policy: Policy, user=None) -> Policy:
    """Publish a draft; earlier published versions become superseded; re-matching is queued."""
    with transaction.atomic():
        policy = Policy.objects.select_for_update().get(pk=policy.pk)
        if policy.status == Policy.Status.PUBLISHED:
            return policy
        if policy.status != Policy.Status.DRAFT:
            raise IngestError(f"该政策当前状态为“{policy.get_status_display()}”,不能发布")
        if _newer_published(policy) is not None:
            raise IngestError("该政策已有更新的版本发布,不能再发布旧版本")
        policy.status = Policy.Status.PUBLISHED
        policy.published_at = timezone.now()
        policy.published_by = user if user is not None and user.is_authenticated else None
        if (policy.diff or {}).pop("conflict", None):
            policy.save(update_fields=["diff"])  # the admin decided: this is the new version
        policy.office = office_for_policy(policy)  # every published policy has a 受理部门
        policy.save(update_fields=["status", "published_at", "published_by", "office", "updated_at"])
        superseded = []
        prev = policy.previous_version
        while prev is not None:
            if prev.status == Policy.Status.PUBLISHED:
                superseded.append(prev.pk)
            prev = prev.previous_version
        if superseded:
            Policy.objects.filter(pk__in=superseded).update(
                status=Policy.Status.SUPERSEDED, updated_at=timezone.now()
            )
        for pk in [policy.pk, *superseded]:
            _queue_rematch(pk)
    return policy


def policy_unpublish(policy: Policy, reason: str, user=None) -> int:
    """下架 a published policy with a reason; members of companies it matched are told. Returns how many."""
    from accounts.models import Notification
    from eligibility.models import MatchResult, Membership

    reason = (reason or "").strip()
    if not reason:
        raise IngestError("请填写下架原因")
    with transaction.atomic():
        policy = Policy.objects.select_for_update().get(pk=policy.pk)
        if policy.status != Policy.Status.PUBLISHED:
            raise IngestError(f"该政策当前状态为“{policy.get_status_display()}”,不能下架")
        policy.status = Policy.Status.ARCHIVED
        policy.unpublished_at = timezone.now()
        policy.unpublish_reason = reason[:500]
        policy.save(update_fields=["status", "unpublished_at", "unpublish_reason", "updated_at"])
        companies = MatchResult.objects.filter(
            policy=policy, status__in=[MatchResult.Status.ELIGIBLE, MatchResult.Status.POSSIBLE]
        ).values_list("company_id", flat=True)
        recipients = set(
            Membership.objects.filter(company_id__in=companies, user__is_active=True).values_list(
                "user_id", flat=True
            )
        )
        Notification.objects.bulk_create(
            Notification(
                recipient_id=user_id,
                verb="policy_unpublished",
                title=f"政策已下架:{policy.title}"[:200],
                body=f"此前与贵企业匹配的《{policy.title}》已下架,原因:{policy.unpublish_reason}。"
                "已提交的申报不受影响,如有疑问请联系受理部门。",
                link="/me/",
            )
            for user_id in sorted(recipients)
        )
        _queue_rematch(policy.pk)
    return len(recipients)


# --------------------------------------------------------------------------- corrections


def _to_int(value: Any, label: str) -> int | None:
    """An amount as admins type it: 3000000, "3,000,000", "300万", "1.2亿元" (the profile form's reader)."""
    from eligibility.engine.profile_input import parse_number

    if value in (None, ""):
        return None
    number = parse_number(value, money=True)
    if number is not None and abs(number) > 10**15:
        raise IngestError(f"{label}金额过大,请核对单位")
    if number is None or number != int(number):
        raise IngestError(f"{label}应为金额,如 3000000、300万 或 1.2亿")
    if number < 0:
        raise IngestError(f"{label}不能为负数")
    return int(number)


def _to_float(value: Any, label: str) -> float:
    try:
        number = float(str(value).strip().rstrip("%"))
    except ValueError as exc:
        raise IngestError(f"{label}应为小数,例如 0.3 表示 30%") from exc
    if str(value).strip().endswith("%"):
        number /= 100
    if not 0 <= number <= 10:
        raise IngestError(f"{label}超出合理范围")
    return round(number, 6)


def _str_list(value: Any) -> list[str]:
    if isinstance(value, str):
        value = value.replace(",", "\n").replace(",", "\n").splitlines()
    return [str(v).strip() for v in value or [] if str(v).strip()]


def _check_conditions(node: Any) -> None:
    if not isinstance(node, dict):
        raise IngestError("申报条件格式不正确")
    if not node:
        return
    if "all" in node or "any" in node:
        items = node.get("all", node.get("any"))
        if not isinstance(items, list):
            raise IngestError("申报条件中 all/any 应为列表")
        for item in items:
            _check_conditions(item)
    elif "not" in node:
        _check_conditions(node["not"])
    elif not {"fact", "op"} <= set(node):
        raise IngestError("申报条件的每一项应包含 fact 与 op")


def clean_clause_value(field: str, value: Any) -> Any:
    """A form or API value for a clause field, checked and converted; IngestError when it is wrong."""
    label = CLAUSE_FIELDS[field]
    if field in ("number", "text"):
        value = str(value or "").strip()
        if not value:
            raise IngestError(f"{label}不能为空")
        return _clip(field, value)
    if field == "heading":
        return _clip(field, str(value).strip()) if value not in (None, "") else None
    if field == "kind":
        if value not in Clause.Kind.values:
            raise IngestError("类型只能是支持条款或一般条款")
        return value
    if field == "max_amount_yuan":
        return _to_int(value, label)
    if field == "amounts_yuan":
        return [_to_int(v, label) for v in _str_list(value)]
    if field == "ratios":
        return [_to_float(v, label) for v in _str_list(value)]
    if field == "conditions":
        value = value or {}
        _check_conditions(value)
        return value
    if field == "benefits":
        if not isinstance(value, list) or not all(isinstance(b, dict) for b in value):
            raise IngestError("支持内容格式不正确")
        out = []
        for b in value:
            if b.get("kind") not in Benefit.Kind.values:
                raise IngestError("支持内容的类型不正确")
            row = _benefit_from_json(b)
            row["cap_yuan"] = _to_int(row["cap_yuan"], "上限")
            row["ratio"] = None if row["ratio"] in (None, "") else _to_float(row["ratio"], "比例")
            row["years"] = _to_int(row["years"], "年限")
            out.append(row)
        return out
    return _str_list(value)


def clean_policy_value(field: str, value: Any) -> Any:
    """A form or API value for a policy field, checked and converted; IngestError when it is wrong."""
    label = POLICY_FIELDS[field]
    if field == "is_draft":
        return bool(value)
    if field in _DATE_FIELDS:
        if value in (None, ""):
            return None
        if isinstance(value, dt.date):
            return value
        parsed = _date(value)
        if parsed is None:
            raise IngestError(f"{label}应为日期,格式如 2026-01-01")
        return parsed
    value = str(value or "").strip()
    if field == "title" and not value:
        raise IngestError("标题不能为空")
    if field in ("province", "city", "region", "handling_office", "contact_phone"):
        return _clip(field, value)
    return _clip(field, value) or None


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def clause_correct(
    clause: Clause, field: str, value: Any, user=None, *, follow_up: bool = False
) -> ClauseCorrection | None:
    """Correct one clause field, keeping who/when and the old value; None when nothing changed."""
    if field not in CLAUSE_FIELDS:
        raise IngestError("该字段不能更正")
    new = clean_clause_value(field, value)
    with transaction.atomic():
        clause = Clause.objects.select_for_update().select_related("policy").get(pk=clause.pk)
        old = clause_benefits(clause) if field == "benefits" else getattr(clause, field)
        if field == "benefits":
            old = [{k: v for k, v in b.items()} for b in old]
            if old == new:
                return None
            _set_benefits(clause, new)
        else:
            if old == new:
                return None
            setattr(clause, field, new)
        clause.version += 1
        clause.save()
        corr = ClauseCorrection.objects.create(
            policy=clause.policy,
            clause=clause,
            clause_number=clause.extracted_number or clause.number,
            field=field,
            old=old,
            new=new,
            user=user if user is not None and user.is_authenticated else None,
        )
        for other, value in _same_cap_elsewhere(clause, field, old, new).items():
            clause_correct(clause, other, value, user, follow_up=True)
        if not follow_up:
            _after_correction(clause.policy)
    return corr


def _same_cap_elsewhere(clause: Clause, field: str, old: Any, new: Any) -> dict[str, Any]:
    """The other fields stating the cap just corrected, brought in line (so it shows everywhere).

    Correcting 最高金额 changes the benefits and amounts that stated the old cap; correcting a
    benefit's cap changes 最高金额 (the largest cap in the clause's currency) and the amount it replaced.
    """
    out: dict[str, Any] = {}
    if field == "max_amount_yuan" and old is not None and new is not None:
        rows = clause_benefits(clause)
        if any(r["cap_yuan"] == old for r in rows):
            out["benefits"] = [
                {**r, "cap_yuan": new if r["cap_yuan"] == old else r["cap_yuan"]} for r in rows
            ]
        if old in (clause.amounts_yuan or []):
            out["amounts_yuan"] = [new if a == old else a for a in clause.amounts_yuan]
    elif field == "benefits":
        caps = [
            r["cap_yuan"]
            for r in new
            if r.get("cap_yuan") is not None and r.get("currency") == clause.currency
        ]
        if caps and max(caps) != clause.max_amount_yuan:
            out["max_amount_yuan"] = max(caps)
        replaced = {
            o.get("cap_yuan"): n.get("cap_yuan")
            for o, n in zip(old, new, strict=False)
            if o.get("cap_yuan") is not None and n.get("cap_yuan") is not None
        }
        amounts = [replaced.get(a, a) for a in clause.amounts_yuan or []]
        if amounts != (clause.amounts_yuan or []):
            out["amounts_yuan"] = amounts
    return out


def policy_correct(policy: Policy, field: str, value: Any, user=None) -> ClauseCorrection | None:
    """Correct one field of the policy itself (title, 文号, region, dates …); None when nothing changed."""
    if field not in POLICY_FIELDS:
        raise IngestError("该字段不能更正")
    new = clean_policy_value(field, value)
    with transaction.atomic():
        policy = Policy.objects.select_for_update().get(pk=policy.pk)
        old = getattr(policy, field)
        if old == new:
            return None
        setattr(policy, field, new)
        if field == "title":
            policy.title_key = title_key(new)
        policy.save()
        corr = ClauseCorrection.objects.create(
            policy=policy,
            clause=None,
            clause_number="",
            field=field,
            old=_json(old),
            new=_json(new),
            user=user if user is not None and user.is_authenticated else None,
        )
        _after_correction(policy)
    return corr


def _after_correction(policy: Policy) -> None:
    """Keep the stored diffs next to this policy current and re-match when it is live."""
    if policy.previous_version_id:
        refresh_diff(policy)
    for nxt in Policy.objects.filter(previous_version=policy):
        refresh_diff(nxt)
    if policy.status == Policy.Status.PUBLISHED:
        _queue_rematch(policy.pk)
