"""Site-wide views: home, health and the Chinese error pages."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from policies.selectors import home_stats

from . import health
from .api_errors import is_api, json_error


def home(request: HttpRequest) -> HttpResponse:
    """Enterprises and visitors see the library's front; officials land on their own work."""
    context = home_stats()
    user = request.user
    if user.is_authenticated and not user.is_enterprise:
        context["staff"] = _staff_home(user)
    return render(request, "home.html", context)


def _staff_home(user) -> dict:
    """A reviewer's queue counts, an expert's assigned reviews, an admin's ingest runs."""
    from django.db.models import Count

    from applications import workflow
    from applications.models import Application

    out: dict = {}
    if user.is_reviewer or user.is_portal_admin:
        rows = (
            Application.objects.visible_to(user)
            .filter(state__in=workflow.OPEN_STATES)
            .exclude(state=workflow.DRAFT)
            .order_by()
            .values("state")
            .annotate(n=Count("id"))
        )
        out["queue"] = [{"state": workflow.staff_name(r["state"]), "n": r["n"]} for r in rows]
        out["queue_total"] = sum(r["n"] for r in out["queue"])
    if user.is_expert:
        out["assigned"] = list(
            Application.objects.visible_to(user)
            .filter(state=workflow.EXPERT_REVIEW)
            .select_related("company", "policy", "clause")
            .order_by("id")[:20]
        )
    if user.is_portal_admin:
        from ingest.selectors import recent_runs

        out["runs"] = list(recent_runs(8))
    return out


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers that ask for /favicon.ico get the site icon."""
    return redirect(static("favicon.svg"), permanent=True)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 with each dependency's state; 503 naming what is down."""
    checks = health.status()
    down = [name for name, state in checks.items() if not state["ok"]]
    body = {"status": "ok" if not down else "down", "down": down, "checks": checks}
    return JsonResponse(body, status=503 if down else 200, json_dumps_params={"ensure_ascii": False})


@never_cache
def liveness(request: HttpRequest) -> JsonResponse:
    """200 while the process serves requests, checking nothing else (readiness is /healthz)."""
    return JsonResponse({"status": "ok"})


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(
        request, "error.html", {"status": status, "title": title, "message": message}, status=status
    )


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    if is_api(request):
        return json_error(400)
    return _error(request, 400, "请求有误", "提交的内容无法处理,请检查后重试。")


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    if is_api(request):
        return json_error(403)
    return _error(request, 403, "无权访问", "您没有访问此页面的权限。如需开通,请联系平台管理员。")


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    if is_api(request):
        return json_error(404)
    return _error(request, 404, "页面不存在", "您要找的页面不存在或已被移除。")


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api(request):
        return json_error(500)
    # No request context processors here: the database may be what failed.
    from django.template import loader

    html = loader.get_template("500.html").render()
    return HttpResponse(html, status=500)
