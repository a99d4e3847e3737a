"""API errors: always Chinese JSON ``{"detail": ...}``, never an HTML page or a traceback.

``exception_handler`` is DRF's EXCEPTION_HANDLER; ``json_error`` serves the site-wide 400/403/404/500
handlers for paths under /api/; ``AutoSchema`` documents the error responses on every operation.
"""

from __future__ import annotations

import logging

from django.http import Http404, JsonResponse
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

MESSAGES = {
    400: "请求有误,请检查提交的内容。",
    401: "请先登录或提供有效的令牌。",
    403: "您没有执行此操作的权限。",
    404: "未找到该资源。",
    405: "不支持该请求方法。",
    409: "当前状态不允许此操作。",
    413: "提交的内容过大。",
    415: "不支持该内容类型。",
    429: "请求过于频繁,请稍后再试。",
    500: "服务器内部错误,请稍后重试。",
}

ErrorSerializer = inline_serializer(
    "Error",
    {"detail": serializers.CharField(help_text="中文错误说明")},
)
ValidationErrorSerializer = inline_serializer(
    "ValidationError",
    {
        "detail": serializers.CharField(help_text="中文错误说明"),
        "errors": serializers.DictField(
            child=serializers.ListField(child=serializers.CharField()),
            required=False,
            help_text="各字段的中文错误",
        ),
    },
)

ERROR_RESPONSES = {
    400: OpenApiResponse(ValidationErrorSerializer, description="请求有误"),
    401: OpenApiResponse(ErrorSerializer, description="未登录"),
    403: OpenApiResponse(ErrorSerializer, description="无权限"),
    404: OpenApiResponse(ErrorSerializer, description="不存在"),
    429: OpenApiResponse(ErrorSerializer, description="请求过于频繁"),
}
# An operation that reads a body also answers 415 when the body's content type is not one it parses.
BODY_ERROR_RESPONSES = {
    415: OpenApiResponse(ErrorSerializer, description="不支持该内容类型"),
}


def _flatten(data) -> list[str]:
    if isinstance(data, dict):
        return [m for v in data.values() for m in _flatten(v)]
    if isinstance(data, list):
        return [m for v in data for m in _flatten(v)]
    return [str(data)]


def exception_handler(exc, context):
    """DRF's handler, then: every body has a Chinese ``detail``; unexpected errors become a JSON 500."""
    if isinstance(exc, RecursionError):
        exc = exceptions.ParseError("JSON 嵌套层数过多。")
    if isinstance(exc, Http404):  # get_object_or_404 says "No X matches the given query." in English
        exc = exceptions.NotFound(MESSAGES[404])
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("unhandled API error", exc_info=exc)
        return Response({"detail": MESSAGES[500]}, status=500)
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        return response
    messages = _flatten(data)
    detail = messages[0] if len(messages) == 1 else MESSAGES.get(response.status_code, MESSAGES[400])
    if isinstance(data, dict):
        errors = {k: _flatten(v) for k, v in data.items()}
        response.data = {
            "detail": detail,
            "errors": errors,
            **{k: v for k, v in data.items() if k not in ("detail", "errors")},
        }
    else:
        response.data = {"detail": detail, "errors": {"non_field_errors": messages}}
    return response


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def json_error(status: int) -> JsonResponse:
    return JsonResponse(
        {"detail": MESSAGES[status]}, status=status, json_dumps_params={"ensure_ascii": False}
    )


class AutoSchema(SpectacularAutoSchema):
    """Every operation documents its error responses (400/401/403/404/429, and 415 where it reads a
    body) in the shape above, and that an empty filter (``?status=``, as an HTML form sends it) means "not filtered"."""

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            if parameter.get("in") == "query" and parameter.get("name") != "page":
                parameter["allowEmptyValue"] = True
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        errors = dict(ERROR_RESPONSES)
        if self.method in ("POST", "PUT", "PATCH"):
            errors.update(BODY_ERROR_RESPONSES)
        for code, response in errors.items():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(response, str(code), direction=direction)
        return responses
