"""The policy library: filters, search and sorting; one policy with its clauses."""

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import mark_safe

from . import pagecache, search
from .forms import LibraryFilterForm
from .models import Policy
from .selectors import clause_tree, library_choices, page_figures, policy_detail, policy_list

PAGE_SIZE = 20


def policy_list_view(request: HttpRequest) -> HttpResponse:
    """The library: its results are the same for every visitor, cached per query string."""
    library = pagecache.cached(
        "library",
        (pagecache.query_key(request.GET),),
        lambda: pagecache.render_shared("policies/_library.html", _library_context(request), request),
    )
    return render(request, "policies/list.html", {"library": mark_safe(library)})


def _library_context(request: HttpRequest) -> dict:
    form = LibraryFilterForm(request.GET or None, choices=library_choices())
    if form.is_bound:
        form.is_valid()
    qs, query = policy_list(form.filters())
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    page_figures(page.object_list)
    search.best_clauses(page.object_list, query)
    for p in page.object_list:
        p.title_html = search.highlight(p.title, query)
    params = request.GET.copy()
    params.pop("page", None)
    return {
        "form": form,
        "page": page,
        "q": form.cleaned_data.get("q", "") if form.is_bound else "",
        "query": query,
        "querystring": params.urlencode(),
    }


def policy_detail_view(request: HttpRequest, policy_id: int) -> HttpResponse:
    """One policy: the same for every visitor of one kind (anonymous, enterprise, other signed-in,
    staff who also see drafts), cached per policy and kind."""
    user = request.user
    staff = user.is_authenticated and (user.is_portal_admin or user.is_reviewer)
    enterprise = user.is_authenticated and user.is_enterprise
    kind = (staff, enterprise, user.is_authenticated)

    def build() -> tuple[str, str]:
        try:
            policy = policy_detail(policy_id, include_drafts=staff)
        except Policy.DoesNotExist as exc:
            raise Http404("政策不存在") from exc
        context = {
            "policy": policy,
            "nodes": clause_tree(policy.clauses.all()),
            "can_apply": enterprise,
            "anonymous": not user.is_authenticated,
        }
        return policy.title, pagecache.render_shared("policies/_detail.html", context, request)

    title, content = pagecache.cached("detail", (policy_id, *kind), build)
    return render(request, "policies/detail.html", {"title": title, "content": mark_safe(content)})


def policy_original_view(request: HttpRequest, policy_id: int) -> HttpResponse:
    """The original file the policy was read from, as uploaded (published policies, or staff)."""
    user = request.user
    staff = user.is_authenticated and (user.is_portal_admin or user.is_reviewer)
    qs = Policy.objects.all() if staff else Policy.objects.published()
    policy = qs.select_related("source_document").filter(pk=policy_id).first()
    document = policy.source_document if policy else None
    if document is None or not document.file:
        raise Http404("原文件不存在")
    try:
        handle = document.file.open("rb")
    except OSError as exc:
        raise Http404("原文件不存在") from exc
    return FileResponse(
        handle,
        as_attachment=True,
        filename=document.filename,
        content_type=document.content_type or "application/octet-stream",
    )
