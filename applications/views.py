"""Applicant pages (/applications/), reviewer and expert pages (/review/), attachment downloads."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.permissions import role_required
from accounts.roles import Role
from eligibility.selectors import company_for_user
from policies.models import Clause, Policy

from . import charts, clock, exports, selectors, services, workflow
from .forms import ActionForm, ApplicationForm, AssignExpertForm, AttachmentForm, ReviewForm
from .models import Application, Attachment

STAFF = (Role.REVIEWER, Role.EXPERT, Role.ADMIN)


def _application_or_404(queryset, pk: int) -> Application:
    """The application with ``pk`` among ``queryset``, else 404 (no data about others)."""
    application = queryset.select_related("company__profile", "policy", "clause").filter(pk=pk).first()
    if application is None:
        raise Http404
    return application


def _own_application(request: HttpRequest, pk: int) -> Application:
    """An application of the user's company."""
    return _application_or_404(Application.objects.for_company_of(request.user), pk)


def _form_for(
    request: HttpRequest, clause: Clause, live: dict, initial=None, application: Application | None = None
) -> ApplicationForm:
    post = request.method == "POST"
    return ApplicationForm(
        request.POST if post else None,
        request.FILES if post else None,
        initial=initial,
        cap_yuan=clause.max_amount_yuan,
        needs_investment=services.needs_project_investment(clause),
        needs_acknowledge=live.get("status") == "ineligible",
        attachments=application.attachments.count() if application is not None else 0,
    )


def _save_form(
    request: HttpRequest, form: ApplicationForm, application: Application | None, clause: Clause
) -> tuple[Application | None, bool]:
    """Save the draft and, when asked, submit it; returns the application and whether all went through."""
    submitting = request.POST.get("intent") == "submit"
    valid = form.check_for_submit() if submitting else form.is_valid()
    if not valid:
        return application, False
    fields = {k: form.cleaned_data.get(k) for k in services.DRAFT_FIELDS if k in form.cleaned_data}
    try:
        if application is None:
            company = company_for_user(request.user)
            application = services.application_create(
                company=company, clause=clause, applicant=request.user, fields=fields
            )
        else:
            application = services.application_update_draft(application, request.user, fields)
        for upload in form.cleaned_data.get("files") or ():
            services.attachment_add(application, request.user, upload)
    except services.WorkflowError as error:
        form.add_error(None, error.message)
        return application, False
    if not submitting:
        messages.success(request, "草稿已保存。")
        return application, True
    try:
        application = services.application_transition(application, "submit", request.user)
    except services.WorkflowError as error:
        messages.error(request, f"草稿已保存,但未能提交:{error.message}")
        return application, False
    messages.success(request, "申报已提交,请等待受理。")
    return application, True


# --- applicant ------------------------------------------------------------------------------------


@role_required(Role.ENTERPRISE)
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = list(
        Application.objects.for_company_of(request.user)
        .select_related("company", "policy", "clause")
        .order_by("-updated_at", "-id")
    )
    for application in applications:
        application.timeline = list(selectors.timeline(application, public_only=True))
        application.request = selectors.pending_request(application)
    return render(request, "applications/my_list.html", {"applications": applications})


@role_required(Role.ENTERPRISE)
def application_new(request: HttpRequest, clause_id: int) -> HttpResponse:
    clause = get_object_or_404(
        Clause.objects.select_related("policy__office"),
        pk=clause_id,
        policy__status__in=(Policy.Status.PUBLISHED, Policy.Status.SUPERSEDED, Policy.Status.ARCHIVED),
    )
    refusal = services.applying_refusal(clause.policy)
    if refusal:
        return render(
            request,
            "applications/closed.html",
            {"clause": clause, "policy": clause.policy, "refusal": refusal},
            status=409,
        )
    company = company_for_user(request.user)
    if company is None:
        messages.warning(request, "请先登记企业信息,再发起申报。")
        return redirect("eligibility:home")
    existing = Application.objects.open().filter(company=company, clause=clause).first()
    if existing is not None:
        messages.info(request, "该条款已有进行中的申报,已为您打开。")
        return redirect("applications:detail", existing.pk)
    profile = company.profile.data if hasattr(company, "profile") else {}
    live = services.clause_match(clause, profile, clock.today())
    estimate = (live.get("estimate") or {}).get("yuan") or clause.max_amount_yuan
    initial = {
        "requested_amount_yuan": estimate,
        "project_investment_yuan": (profile.get("facts") or {}).get("project_investment_yuan"),
    }
    form = _form_for(request, clause, live, initial)
    if request.method == "POST":
        application, ok = _save_form(request, form, None, clause)
        if ok:
            return redirect("applications:detail", application.pk)
        if application is not None:
            return redirect("applications:edit", application.pk)
    return render(
        request,
        "applications/form.html",
        {"form": form, "clause": clause, "policy": clause.policy, "company": company, "live": live},
    )


@role_required(Role.ENTERPRISE)
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    if not application.is_editable:
        messages.info(request, "申报已提交,当前不能修改。")
        return redirect("applications:detail", pk)
    clause = application.clause
    live = services.clause_match(clause, application.company.profile.data, clock.today())
    initial = {k: getattr(application, k) for k in services.DRAFT_FIELDS}
    form = _form_for(request, clause, live, initial, application)
    if request.method == "POST":
        _, ok = _save_form(request, form, application, clause)
        if ok:
            return redirect("applications:detail", pk)
    return render(
        request,
        "applications/form.html",
        {
            "form": form,
            "clause": clause,
            "policy": application.policy,
            "company": application.company,
            "live": live,
            "application": application,
            "attachments": application.attachments.all(),
            "request_event": selectors.pending_request(application),
            "refusal": services.applying_refusal(clause.policy) if application.revision == 0 else None,
        },
    )


@role_required(Role.ENTERPRISE)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _applicant_page(request, _own_application(request, pk))


def _applicant_page(
    request: HttpRequest, application: Application, attachment_form: AttachmentForm | None = None
) -> HttpResponse:
    """The applicant's application page; a bound form keeps what was typed after an error."""
    if attachment_form is None and application.is_editable:
        attachment_form = AttachmentForm()
    return render(
        request,
        "applications/detail.html",
        {
            "application": application,
            "timeline": selectors.timeline(application, public_only=True),
            "request_event": selectors.pending_request(application),
            "attachments": application.attachments.all(),
            "attachment_form": attachment_form if application.is_editable else None,
            "actions": services.actions_for(request.user, application),
        },
    )


@role_required(Role.ENTERPRISE)
@require_POST
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = _own_application(request, pk)
    if action == "submit":
        return redirect("applications:edit", pk)  # submission goes through the form and its checks
    t = workflow.transition(action)
    if t is not None and t.confirm and request.POST.get("confirm") != "1":
        return render(
            request,
            "confirm.html",
            {
                "title": f"确认{t.label}",
                "message": t.confirm,
                "action": request.path,
                "fields": [],
                "confirm_label": f"确认{t.label}",
                "back": reverse("applications:detail", args=[pk]),
            },
        )
    try:
        services.application_transition(application, action, request.user, request.POST.get("comment", ""))
        messages.success(request, f"已{workflow.ACTION_LABELS.get(action, action)}。")
    except services.WorkflowError as error:
        messages.error(request, error.message)
    return redirect("applications:detail", pk)


@role_required(Role.ENTERPRISE)
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _applicant_page(request, application, form)
    try:
        services.attachment_add(
            application, request.user, form.cleaned_data["file"], form.cleaned_data.get("description", "")
        )
    except services.WorkflowError as error:
        messages.error(request, error.message)  # also when the form is hidden (uploads closed)
        return _applicant_page(request, application, form)
    messages.success(request, "附件已上传。")
    return redirect("applications:detail", pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("application"), pk=pk)
    if not Application.objects.visible_to(request.user).filter(pk=attachment.application_id).exists():
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.original_name, content_type=attachment.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# --- public -------------------------------------------------------------------------------------------


def publicity_list(request: HttpRequest) -> HttpResponse:
    """公示: applications proposed for support, open to everyone during the publicity period."""
    policy = request.GET.get("policy") or ""
    rows = selectors.in_publicity(int(policy) if policy.isdigit() else None)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "applications/publicity.html", {"page": page, "today": clock.today()})


# --- reviewer and expert --------------------------------------------------------------------------


def _queue_filters(request: HttpRequest) -> dict:
    params = request.GET
    due_before = None
    if params.get("due_before"):
        try:
            due_before = dt.date.fromisoformat(params["due_before"])
        except ValueError:
            messages.warning(request, "期限格式应为 年-月-日,已忽略该筛选条件。")
    policy = params.get("policy") or None
    return {
        "policy": int(policy) if policy and policy.isdigit() else None,
        "state": params.get("state") if params.get("state") in workflow.STATES else None,
        "due_before": due_before,
        "company": (params.get("company") or "").strip()[:100],
    }


def _queue(request: HttpRequest):
    filters = _queue_filters(request)
    user = request.user
    base = Application.objects.visible_to(user)
    if not filters["state"] and request.GET.get("all") != "1":
        base = Application.objects.awaiting_review_for(user)
    qs = base.filtered(**filters).select_related("company", "policy", "clause")
    if filters["state"] or request.GET.get("all") == "1":
        qs = qs.order_by("-updated_at", "-id")
    return qs, filters


@role_required(*STAFF)
def review_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    applications, filters = _queue(request)
    assigned = None
    if user.is_expert:
        assigned = (
            Application.objects.assigned_to(user)
            .select_related("company", "policy", "clause")
            .order_by("-updated_at", "-id")
        )
    return render(
        request,
        "applications/review_queue.html",
        {
            "applications": applications[:500] if (user.is_reviewer or user.is_portal_admin) else None,
            "assigned": assigned,
            "filters": filters,
            "states": [(code, s.staff_name) for code, s in workflow.STATES.items() if code != workflow.DRAFT],
            "policies": selectors.policies_for_filter(user),
            "show_all": request.GET.get("all") == "1",
            "today": clock.today(),
            "query": request.GET.urlencode(),
        },
    )


def _staff_application(request: HttpRequest, pk: int) -> Application:
    """An application the staff member may see."""
    return _application_or_404(Application.objects.visible_to(request.user), pk)


@role_required(*STAFF)
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_page(request, _staff_application(request, pk))


def _review_page(
    request: HttpRequest, application: Application, action_form: ActionForm | None = None
) -> HttpResponse:
    """The staff application page; a bound action form keeps the typed comment after an error."""
    user = request.user
    is_staff = user.is_reviewer or user.is_portal_admin
    criteria = services.review_criteria(application.policy)
    reviews = application.reviews.select_related("expert")
    if not is_staff:
        reviews = reviews.filter(expert=user)
    reviews = list(reviews)
    for review in reviews:
        review.score_list = [review.scores.get(name, "-") for name, _ in criteria]
    assigned = user.is_expert and application.assignments.filter(expert=user).exists()
    my_review = any(r.expert_id == user.pk for r in reviews)
    may_review = assigned and application.state == workflow.EXPERT_REVIEW and not my_review
    room, room_text = services.approval_room(application)
    return render(
        request,
        "applications/review_detail.html",
        {
            "application": application,
            "profile_rows": selectors.profile_rows(
                getattr(getattr(application.company, "profile", None), "data", None)
            ),
            "eligibility": application.eligibility or {},
            "attachments": application.attachments.all(),
            "reviews": reviews,
            "criteria": criteria,
            "timeline": selectors.timeline(application, public_only=False),
            "actions": services.actions_for(user, application) if is_staff else [],
            "action_form": action_form or ActionForm(),
            "assign_form": AssignExpertForm(experts=selectors.experts()) if is_staff else None,
            "assignments": application.assignments.select_related("expert"),
            "may_review": may_review,
            "my_review": assigned and my_review,
            "max_total": sum(top for _, top in criteria),
            "room": room,
            "room_text": room_text,
            "approve_block": (
                services.publicity_block(application, clock.today())
                if application.state == workflow.PUBLICITY
                else None
            ),
            "proposed_default": (
                services.proposed_amount(application) if application.state == workflow.EXPERT_REVIEW else None
            ),
            "is_staff": is_staff,
            "default_publicity_days": workflow.DEFAULT_PUBLICITY_WORKING_DAYS,
        },
    )


@role_required(Role.REVIEWER, Role.ADMIN)
@require_POST
def review_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    application = _staff_application(request, pk)
    form = ActionForm(request.POST)
    form.is_valid()
    t = workflow.transition(action)
    if t is None:
        raise Http404
    try:
        services.application_transition(
            application, action, request.user, form.cleaned_data.get("comment", ""), form.data_for(t)
        )
    except services.WorkflowError as error:
        messages.error(request, error.message)
        application.refresh_from_db()
        return _review_page(request, application, form)
    messages.success(request, f"已{t.label}。")
    return redirect("review:detail", pk)


@role_required(Role.REVIEWER, Role.ADMIN)
@require_POST
def review_assign(request: HttpRequest, pk: int) -> HttpResponse:
    application = _staff_application(request, pk)
    form = AssignExpertForm(request.POST, experts=selectors.experts())
    if form.is_valid():
        try:
            services.expert_assign(application, request.user, form.cleaned_data["expert"])
            messages.success(request, f"已分配专家 {form.cleaned_data['expert']}。")
        except services.WorkflowError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, "请选择评审专家。")
    return redirect("review:detail", pk)


@role_required(Role.EXPERT)
def expert_review(request: HttpRequest, pk: int) -> HttpResponse:
    application = (
        Application.objects.assigned_to(request.user)
        .select_related("company__profile", "policy", "clause")
        .filter(pk=pk)
        .first()
    )
    if application is None:
        raise Http404
    criteria = services.review_criteria(application.policy)
    submitted = application.reviews.filter(expert=request.user).first()
    form = None
    if submitted is None and application.state == workflow.EXPERT_REVIEW:
        form = ReviewForm(request.POST or None, criteria=criteria)
    if request.method == "POST":
        if form is None:
            messages.error(
                request,
                services.ReviewExists().message
                if submitted
                else f"当前阶段为「{application.staff_state}」,不能提交评审意见。",
            )
            return redirect("review:expert_review", pk)
        if form.is_valid():
            try:
                services.review_submit(
                    application,
                    request.user,
                    scores=form.scores(),
                    recommendation=form.cleaned_data["recommendation"],
                    comment=form.cleaned_data["comment"],
                    reduced_amount_yuan=form.cleaned_data.get("reduced_amount_yuan"),
                )
                messages.success(request, "评审意见已提交。")
                return redirect("review:expert_review", pk)
            except services.WorkflowError as error:
                form.add_error(None, error.message)
    if submitted is not None:
        submitted.score_list = [(name, submitted.scores.get(name, "-"), top) for name, top in criteria]
    return render(
        request,
        "applications/expert_review.html",
        {
            "application": application,
            "form": form,
            "submitted": submitted,
            "criteria": criteria,
            "max_total": sum(top for _, top in criteria),
            "stage_note": selectors.expert_stage_note(application.state),
        },
    )


def _dashboard_filters(request: HttpRequest) -> dict:
    """Policy and period (submitted between 起 and 止) from the query string; a preset fills the period."""
    params = request.GET
    today = clock.today()
    start = end = None
    preset = params.get("period", "")
    if preset in DASHBOARD_PERIODS and DASHBOARD_PERIODS[preset][1] is not None:
        start = DASHBOARD_PERIODS[preset][1](today)
    for name in ("start", "end"):
        if params.get(name):
            try:
                value = dt.date.fromisoformat(params[name])
            except ValueError:
                messages.warning(request, "日期格式应为 年-月-日,已忽略该筛选条件。")
                continue
            if name == "start":
                start = value
            else:
                end = value
    policy = params.get("policy") or ""
    return {"policy": int(policy) if policy.isdigit() else None, "start": start, "end": end}


DASHBOARD_PERIODS = {
    "": ("全部", None),
    "30d": ("近30天", lambda today: today - dt.timedelta(days=30)),
    "90d": ("近90天", lambda today: today - dt.timedelta(days=90)),
    "year": ("今年", lambda today: today.replace(month=1, day=1)),
}


@role_required(Role.REVIEWER, Role.ADMIN)
def review_dashboard(request: HttpRequest) -> HttpResponse:
    """Officials' dashboard: stages, policies, amounts, time per stage, overdue 补正; charts and export."""
    filters = _dashboard_filters(request)
    board = selectors.dashboard(request.user, **filters, today=clock.today())
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        if request.GET.get("confirm") != "1":
            params = request.GET.copy()
            params["confirm"] = "1"
            back = request.GET.copy()
            back.pop("format", None)
            return render(
                request,
                "applications/export_confirm.html",
                {
                    "count": board.total,
                    "fmt": fmt,
                    "download_url": f"{reverse('review:dashboard')}?{params.urlencode()}",
                    "back_url": f"{reverse('review:dashboard')}?{back.urlencode()}",
                },
            )
        return exports.download(selectors.dashboard_tables(board), fmt, "dashboard")
    top = board.by_policy[:10]
    figures = {
        "stages": charts.hbar(
            [(name, n) for _, name, n in board.by_stage],
            title="各阶段申报数",
            unit="件",
            color=charts.PALETTE[0],
        ),
        "policies": charts.hbar(
            [(p.title, p.count) for p in top], title="各政策申报数", unit="件", color=charts.PALETTE[4]
        ),
        "amounts": charts.grouped_hbar(
            [p.title for p in top],
            [
                ("申请金额", [p.requested_yuan / 10_000 for p in top]),
                ("批准金额", [p.approved_yuan / 10_000 for p in top]),
            ],
            title="各政策申请金额与批准金额",
            unit="万元",
        ),
        "times": charts.hbar(
            [(s.label, round(s.average_days, 1)) for s in board.stage_times],
            title="各阶段平均用时",
            unit="天",
            color=charts.PALETTE[2],
        ),
    }
    query = request.GET.copy()
    query.pop("format", None)
    query.pop("confirm", None)
    return render(
        request,
        "applications/dashboard.html",
        {
            "board": board,
            "charts": figures,
            "filters": filters,
            "policies": selectors.policies_for_filter(request.user),
            "periods": [(key, label) for key, (label, _) in DASHBOARD_PERIODS.items()],
            "period": request.GET.get("period", ""),
            "query": query.urlencode(),
            "today": clock.today(),
        },
    )


@role_required(Role.REVIEWER, Role.ADMIN)
def review_export(request: HttpRequest) -> HttpResponse:
    applications, _filters = _queue(request)
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("xlsx", "csv"):
        fmt = "xlsx"
    if request.GET.get("confirm") != "1":
        params = request.GET.copy()
        params["confirm"] = "1"
        params["format"] = fmt
        return render(
            request,
            "applications/export_confirm.html",
            {
                "count": applications.count(),
                "fmt": fmt,
                "download_url": f"{reverse('review:export')}?{params.urlencode()}",
                "back_url": f"{reverse('review:queue')}?{request.GET.urlencode()}",
            },
        )
    return exports.response(applications, fmt)
