"""The policy library: list with search, and one policy with its clauses."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .models import Policy
from .selectors import policy_detail, policy_list


def policy_list_view(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    page = Paginator(policy_list(q=q).order_by("-published_at", "-id"), 20).get_page(request.GET.get("page"))
    return render(request, "policies/list.html", {"page": page, "q": q})


def policy_detail_view(request: HttpRequest, policy_id: int) -> HttpResponse:
    user = request.user
    staff = user.is_authenticated and (user.is_portal_admin or user.is_reviewer)
    try:
        policy = policy_detail(policy_id, include_drafts=staff)
    except Policy.DoesNotExist as exc:
        raise Http404("政策不存在") from exc
    return render(request, "policies/detail.html", {"policy": policy})
