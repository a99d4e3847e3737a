"""Company pages under /me/: the match dashboard, the profile form and one clause's match."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_POST

import places
from accounts.permissions import role_required
from accounts.roles import Role
from policies import pagecache
from policies.models import Clause

from .forms import (
    QUALIFICATION_SUGGESTIONS,
    ProfileForm,
    QualificationFormSet,
    qualification_entries,
    qualification_initial,
)
from .models import Declaration
from .selectors import (
    SHOW_SECTIONS,
    STATUS_LABELS,
    Filters,
    answered_declarations,
    board_page,
    clause_match,
    company_dashboard,
    company_for_user,
    company_for_user_stamped,
    declaration_questions,
    profile_history,
)
from .services import DeclarationError, declarations_answer, profile_update, rematch_company


@role_required(Role.ENTERPRISE)
def company_home(request: HttpRequest) -> HttpResponse:
    """我的匹配: stored results with totals, lists by status, the calculator and what unlocks more."""
    company, stamp = company_for_user_stamped(request.user)
    context: dict = {
        "company": company,
        "status_labels": STATUS_LABELS,
        "notices": Filters.notices(request.GET),
    }
    if company is not None:
        html, computed_at, profile_version = pagecache.cached(
            "board",
            (request.user.pk, company.pk, *stamp, pagecache.query_key(request.GET)),
            lambda: _board_html(request, company),
        )
        context["board_html"] = mark_safe(html.replace(CSRF_STAND_IN, escape(get_token(request))))
        context["computed_at"], context["results_profile_version"] = computed_at, profile_version
    return render(request, "eligibility/company_home.html", context)


# The board is kept per user, company, stored results and answers, policy pages' generation and
# query (policies/pagecache.py), rendered with this stand-in for the CSRF token, which each request
# replaces with its own: the cached HTML holds no token and is never served to another user.
CSRF_STAND_IN = "csrf-stand-in-5f0c2a9e"


def _board_html(request: HttpRequest, company) -> tuple[str, object, int | None]:
    filters = Filters.from_query(request.GET)
    context = _board_context(company, filters, show=request.GET.getlist("show"))
    context.update(_show_links(request, context["page"]), csrf_token=CSRF_STAND_IN)
    html = pagecache.render_shared("eligibility/_board.html", context, request)
    return html, context["board"].computed_at, context["board"].profile_version


def _board_context(company, filters: Filters, error: dict | None = None, show=()) -> dict:
    board = company_dashboard(company, filters)
    return {
        "filters": filters,
        "board": board,
        "page": board_page(board, filters, show, keep_key=(error or {}).get("key", "")),
        "answered": answered_declarations(company),
        "error": error,
        "status_labels": STATUS_LABELS,
        "answer_url": reverse("eligibility:answer"),
    }


def _show_links(request: HttpRequest, page) -> dict:
    """Links that show a collapsed section in full, keeping the filters and what is already shown."""
    links = {}
    for section in SHOW_SECTIONS:
        params = request.GET.copy()
        params.setlist("show", [*page.show, section])
        links[f"show_{section}_url"] = f"{reverse('eligibility:home')}?{params.urlencode()}"
    return links


@role_required(Role.ENTERPRISE)
@require_POST
def calculator_answer(request: HttpRequest) -> HttpResponse:
    """Answer (or clear) one calculator question; the results are recomputed at once.

    With htmx the page's board is returned and swapped in place; without it, back to /me/.
    """
    company = company_for_user(request.user)
    if company is None:
        raise Http404("您的账户尚未关联企业")
    key = request.POST.get("key", "")[:100]
    raw = None if request.POST.get("clear") else request.POST.get("value", "")[:30]
    error = None
    try:
        change = declarations_answer(
            company, {key: raw}, request.user, questions=declaration_questions(), queue=False
        )
    except DeclarationError as exc:
        error = {"key": key, "reason": exc.reason, "value": raw or ""}
        error["answered"] = Declaration.objects.filter(company=company, key=key).exists()
    else:
        if change is not None:
            rematch_company(company.pk)
    show = [s for s in request.POST.getlist("show") if s in SHOW_SECTIONS]
    if request.headers.get("HX-Request"):
        context = _board_context(company, Filters(), error, show=show)
        context.update(_show_links(request, context["page"]))
        return render(request, "eligibility/_board.html", context)
    if error:
        messages.error(request, error["reason"])
    else:
        messages.success(request, "已保存回答,匹配结果已更新。")
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    query = f"?{'&'.join(f'show={s}' for s in show)}" if show else ""
    return redirect(f"{reverse('eligibility:home')}{query}#calculator")


@role_required(Role.ENTERPRISE)
def profile_edit(request: HttpRequest) -> HttpResponse:
    """The company profile form; the page also shows the change history."""
    company = company_for_user(request.user)
    if company is None:
        raise Http404("您的账户尚未关联企业")
    stored = company.profile.data if hasattr(company, "profile") else {}
    if request.method == "POST":
        form = ProfileForm(request.POST)
        formset = QualificationFormSet(request.POST, prefix="q")
        if form.is_valid() and formset.is_valid():
            change = profile_update(
                company, form.profile(qualification_entries(formset), existing=stored), request.user
            )
            if change is None:
                messages.info(request, "画像没有变化。")
            else:
                messages.success(
                    request,
                    f"已保存 {len(change.changes)} 项变更,匹配结果正在更新,稍后刷新“我的匹配”即可看到。",
                )
            return redirect("eligibility:profile")
        messages.error(request, "请根据提示修改标红的项目后再保存。")
    else:
        form = ProfileForm(initial=ProfileForm.initial_from(stored))
        formset = QualificationFormSet(initial=qualification_initial(stored), prefix="q")
    return render(
        request,
        "eligibility/profile.html",
        {
            "company": company,
            "form": form,
            "formset": formset,
            "history": profile_history(company),
            "provinces": places.provinces(),
            "qualification_suggestions": QUALIFICATION_SUGGESTIONS,
            "version": company.profile.version if hasattr(company, "profile") else None,
        },
    )


@role_required(Role.ENTERPRISE)
@require_GET
@cache_control(max_age=86400, private=True)
def region_options(request: HttpRequest) -> JsonResponse:
    """Provinces -> cities -> districts, and each city's zones, for the profile form's region inputs."""
    data = {"tree": places.region_tree(), "zones": places.zone_options()}
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@role_required(Role.ENTERPRISE)
def clause_detail(request: HttpRequest, clause_id: int) -> HttpResponse:
    """One published clause: the company's result with reasons, missing facts and the evidence."""
    company = company_for_user(request.user)
    try:
        match = clause_match(company, clause_id)
    except Clause.DoesNotExist as exc:
        raise Http404("条款不存在或尚未发布") from exc
    return render(request, "eligibility/clause_detail.html", {"company": company, "match": match})
