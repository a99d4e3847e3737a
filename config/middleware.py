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
