"""Site-wide views: home, health and the Chinese error pages."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache

from policies.selectors import home_stats

from . import health
from .api_errors import is_api, json_error


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", home_stats())


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
