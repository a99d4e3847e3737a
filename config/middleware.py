"""Request guards that apply to every page and API call."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from .api_errors import is_api, json_error

NUL = "\x00"


def _has_nul(query) -> bool:
    return any(NUL in key or any(NUL in v for v in values) for key, values in query.lists())


class RejectNulMiddleware:
    """A NUL character can be stored by no PostgreSQL text column: refuse it up front with a 400
    (Chinese page or JSON) instead of failing deep inside a query with a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bad = NUL in request.path or _has_nul(request.GET)
        if (
            not bad
            and request.method == "POST"
            and request.content_type
            in (
                "application/x-www-form-urlencoded",
                "multipart/form-data",
            )
        ):
            bad = _has_nul(request.POST)
        if bad:
            if is_api(request):
                response = json_error(400)
                response.content = '{"detail": "请求中含有不允许的控制字符(NUL)。"}'.encode()
                return response
            from .views import _error

            return _error(request, 400, "请求有误", "请求中含有不允许的控制字符,请删除后重试。")
        return self.get_response(request)


class ProductErrorPagesMiddleware:
    """With DEBUG on (the quick start), Django answers errors with its English debug pages that list
    the URL patterns; visitors get the product's own Chinese 404/500 pages (or JSON) instead. The
    traceback still goes to the console log. HUIQI_DEBUG_PAGES=1 keeps Django's pages for developers."""

    MARK = b"DEBUG = True"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code not in (403, 404, 500) or not self._debug_page(response):
            return response
        if is_api(request):
            return json_error(response.status_code)
        from . import views

        if response.status_code == 404:
            return views.page_not_found(request)
        if response.status_code == 403:
            return views.permission_denied(request)
        return views.server_error(request)

    def _debug_page(self, response: HttpResponse) -> bool:
        import os

        from django.conf import settings

        if not settings.DEBUG or os.environ.get("HUIQI_DEBUG_PAGES") == "1" or response.streaming:
            return False
        return self.MARK in response.content
