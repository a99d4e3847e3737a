"""Admin pages for uploading, watching and reviewing policy documents (thin: services do the work)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_GET, require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from policies.models import Clause, Policy

from . import selectors, services, settlements
from .forms import (
    BenefitFormSet,
    BenefitRowForm,
    ClauseCorrectionForm,
    ConditionFormSet,
    ConditionRowForm,
    PolicyCorrectionForm,
    SettlementForm,
    UnpublishForm,
    UploadForm,
    condition_rows,
)
from .models import IngestRun, SourceDocument

admin_only = role_required(Role.ADMIN)


@admin_only
def document_list(request: HttpRequest) -> HttpResponse:
    """The upload form, recent runs and the documents held."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        runs = _handle_upload(request, form.cleaned_data["files"])
        if len(runs) == 1:
            return redirect("ingest:run", run_id=runs[0].pk)
        return redirect("ingest:documents")
    context = {"form": form, "runs": selectors.recent_runs(), "documents": selectors.document_list()}
    return render(request, "ingest/document_list.html", context, status=400 if form.errors else 200)


def _handle_upload(request: HttpRequest, files) -> list[IngestRun]:
    runs = []
    limit = services.size_limit_reason()
    for f in files:
        name = f.name
        if f.size > settings.UPLOAD_MAX_BYTES:
            messages.error(request, f"{name}:{limit},未保存")
            continue
        try:
            document, run = services.upload(f.read(), name, request.user)
        except services.IngestError as exc:
            messages.error(request, f"{name}:{exc.reason}")
            continue
        if run is None:
            url = reverse("ingest:document", args=[document.pk])
            messages.warning(
                request,
                format_html(
                    '{}:该文件已上传过,未重复导入。<a href="{}">查看已有文件“{}”</a>',
                    name,
                    url,
                    document.filename,
                ),
            )
            continue
        messages.success(request, f"{name}:已上传,正在处理")
        runs.append(run)
    return runs


@admin_only
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    """One stored document: its runs and the policies found in it."""
    document = get_object_or_404(SourceDocument.objects.select_related("uploaded_by"), pk=document_id)
    runs = document.runs.select_related("started_by").order_by("-created_at", "-id")
    policies = document.policies.order_by("id")
    return render(
        request, "ingest/document_detail.html", {"document": document, "runs": runs, "policies": policies}
    )


@admin_only
@require_POST
def document_reingest(request: HttpRequest, document_id: int) -> HttpResponse:
    """Run the pipeline again over a document (corrections already made are kept)."""
    document = get_object_or_404(SourceDocument, pk=document_id)
    run = services.reingest(document, request.user)
    messages.success(request, "已重新提交处理,已做的更正会保留")
    return redirect("ingest:run", run_id=run.pk)


@admin_only
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    """A run's progress, then what it found."""
    run = get_object_or_404(IngestRun.objects.select_related("document", "started_by"), pk=run_id)
    policies = Policy.objects.filter(pk__in=[p["id"] for p in run.result.get("policies", [])]).order_by("id")
    return render(request, "ingest/run_detail.html", {"run": run, "policies": policies})


@admin_only
@require_GET
def run_status(request: HttpRequest, run_id: int) -> JsonResponse:
    """The run's progress as JSON for the page's poller."""
    run = get_object_or_404(IngestRun, pk=run_id)
    return JsonResponse(selectors.run_status(run), json_dumps_params={"ensure_ascii": False})


def publish_question(policy: Policy) -> str:
    """What publishing does, asked before it is done."""
    text = f"发布后「{policy.title}」将对企业公开并开始受理申报,已登记的企业会收到匹配通知。"
    if policy.previous_version_id:
        text += f"本版本将替代第{policy.previous_version.version}版。"
    return text + "确定发布吗?"


@admin_only
def policy_review(request: HttpRequest, policy_id: int) -> HttpResponse:
    """Original text beside the clause tree; every value points at its evidence."""
    return _review_page(request, policy_id)


def _review_page(
    request: HttpRequest, policy_id: int, bound: tuple[int, int, SettlementForm] | None = None
) -> HttpResponse:
    try:
        context = selectors.policy_review(policy_id)
    except Policy.DoesNotExist as exc:
        raise Http404("政策不存在") from exc
    for node in context["nodes"]:
        clause_id = node["clause"].pk
        for r in node["requirements"]:
            if bound and bound[:2] == (clause_id, r["index"]):
                r["form"] = bound[2]
            else:
                r["form"] = SettlementForm(
                    initial=SettlementForm.initial_for(r["raw"]), auto_id=f"s{clause_id}-{r['index']}-%s"
                )
    policy = context.get("policy")
    if policy is not None:
        context["publish_confirm"] = publish_question(policy)
        context["publish_label"] = "发布" + (
            f"(替代第{policy.previous_version.version}版)" if policy.previous_version_id else ""
        )
    return render(request, "ingest/review.html", context, status=400 if bound else 200)


@admin_only
@require_POST
def requirement_settle(request: HttpRequest, clause_id: int, index: int) -> HttpResponse:
    """Settle one requirement phrase: a fact condition, a declaration question, review, or none."""
    clause = get_object_or_404(Clause.objects.select_related("policy"), pk=clause_id)
    form = SettlementForm(request.POST, auto_id=f"s{clause_id}-{index}-%s")
    if form.is_valid():
        try:
            settlement = settlements.settle(
                clause, index, form.cleaned_data["kind"], form.cleaned_data, request.user
            )
        except services.IngestError as exc:
            form.add_error(None, exc.reason)
        else:
            messages.success(
                request,
                f"已处理原文条件“{settlement.phrase}”:{settlement.get_kind_display()},以后重新导入和新版本中同样适用",
            )
            return redirect(f"{reverse('ingest:review', args=[clause.policy_id])}#clause-{clause.pk}")
    messages.error(request, "原文条件未能处理,请根据提示修改")
    return _review_page(request, clause.policy_id, (clause.pk, index, form))


@admin_only
@require_POST
def policy_publish(request: HttpRequest, policy_id: int) -> HttpResponse:
    """Publish a reviewed draft, once the admin has confirmed (the page asks first)."""
    policy = get_object_or_404(Policy, pk=policy_id)
    if request.POST.get("confirm") != "1":
        return render(
            request,
            "confirm.html",
            {
                "title": "确认发布",
                "message": publish_question(policy),
                "action": request.path,
                "fields": [],
                "confirm_label": "确认发布",
                "back": reverse("ingest:review", args=[policy.pk]),
            },
        )
    try:
        policy = services.policy_publish(policy, request.user)
    except services.IngestError as exc:
        messages.error(request, exc.reason)
    else:
        messages.success(request, "已发布,企业匹配结果将随之更新")
        office = policy.office
        if office is not None and not office.staff.filter(is_active=True).exists():
            messages.warning(
                request, f"受理部门「{office.name}」尚无审核人员,请在后台为其指定审核人员,否则申报无人受理。"
            )
    return redirect("ingest:review", policy_id=policy.pk)


@admin_only
@require_POST
def version_reject(request: HttpRequest, policy_id: int) -> HttpResponse:
    """Keep the published version: the conflicting copy is recorded as a source and not published."""
    policy = get_object_or_404(Policy, pk=policy_id)
    try:
        held = services.version_reject(policy, request.user)
    except services.IngestError as exc:
        messages.error(request, exc.reason)
        return redirect("ingest:review", policy_id=policy.pk)
    messages.success(request, "已保留现行版本,该来源已记为其他来源,重新导入时不再创建新版本")
    return redirect("ingest:review", policy_id=held.pk)


@admin_only
def policy_unpublish(request: HttpRequest, policy_id: int) -> HttpResponse:
    """下架: a page that asks for the reason and a confirmation, then takes the policy down."""
    policy = get_object_or_404(Policy, pk=policy_id)
    form = UnpublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            told = services.policy_unpublish(policy, form.cleaned_data["reason"], request.user)
        except services.IngestError as exc:
            messages.error(request, exc.reason)
        else:
            messages.success(request, f"已下架,已通知 {told} 位相关企业用户")
        return redirect("ingest:review", policy_id=policy.pk)
    status = 400 if form.errors else 200
    return render(request, "ingest/unpublish.html", {"form": form, "policy": policy}, status=status)


@admin_only
def policy_edit(request: HttpRequest, policy_id: int) -> HttpResponse:
    """Correct the policy's own fields."""
    policy = get_object_or_404(Policy, pk=policy_id)
    form = PolicyCorrectionForm(request.POST or None, initial=PolicyCorrectionForm.initial_for(policy))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            changed = [
                f
                for f, v in form.values().items()
                if services.policy_correct(policy, f, v, request.user) is not None
            ]
        _saved_message(request, changed, services.POLICY_FIELDS)
        return redirect("ingest:review", policy_id=policy.pk)
    return render(
        request,
        "ingest/policy_edit.html",
        {"form": form, "policy": policy},
        status=400 if form.errors else 200,
    )


@admin_only
def clause_edit(request: HttpRequest, clause_id: int) -> HttpResponse:
    """Correct one clause with fields and rows (no JSON), the original text beside the form."""
    clause = get_object_or_404(Clause.objects.select_related("policy"), pk=clause_id)
    rows = services.clause_benefits(clause)
    leaves, kept = condition_rows(clause.conditions)
    data = request.POST if request.method == "POST" else None
    form = ClauseCorrectionForm(data, initial=ClauseCorrectionForm.initial_for(clause))
    benefits = BenefitFormSet(data, prefix="benefit", initial=[BenefitRowForm.initial_for(r) for r in rows])
    facts = [leaf.get("fact", "") for leaf in leaves]
    conditions = ConditionFormSet(
        data,
        prefix="cond",
        initial=[ConditionRowForm.initial_for(leaf) for leaf in leaves],
        form_kwargs={"facts": facts},
    )
    if request.method == "POST" and all([form.is_valid(), benefits.is_valid(), conditions.is_valid()]):
        values = form.values()
        values["benefits"] = [
            f.row()
            for f in benefits
            if f.cleaned_data and f.cleaned_data.get("kind") and not f.cleaned_data.get("DELETE")
        ]
        items = [
            f.cleaned_data["leaf"]
            for f in conditions
            if f.cleaned_data.get("leaf") and not f.cleaned_data.get("DELETE")
        ] + kept
        values["conditions"] = {form.cleaned_data["combine"]: items} if items else {}
        if not conditions.has_changed() and "combine" not in form.changed_data:
            values.pop("conditions")  # rows read back need not equal the stored tree
        before = {"benefits": rows} | {f: getattr(clause, f) for f in values if f != "benefits"}
        # only what the admin changed, caps last: a changed cap brings the others in line itself
        values = {f: v for f, v in values.items() if v != before[f]}
        values = dict(sorted(values.items(), key=lambda kv: kv[0] in ("amounts_yuan", "max_amount_yuan")))
        with transaction.atomic():
            changed = [
                f
                for f, v in values.items()
                if services.clause_correct(clause, f, v, request.user) is not None
            ]
        _saved_message(request, changed, services.CLAUSE_FIELDS)
        return redirect(f"{reverse('ingest:review', args=[clause.policy_id])}#clause-{clause.pk}")
    context = {
        "form": form,
        "benefits": benefits,
        "conditions": conditions,
        "kept": kept,
        "clause": clause,
        "policy": clause.policy,
    }
    errors = form.errors or benefits.total_error_count() or conditions.total_error_count()
    return render(request, "ingest/clause_edit.html", context, status=400 if errors else 200)


def _saved_message(request: HttpRequest, changed: list[str], labels: dict[str, str]) -> None:
    if changed:
        messages.success(request, "已更正:" + "、".join(labels[f] for f in changed))
    else:
        messages.info(request, "没有改动")
