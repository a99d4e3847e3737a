"""Request parsers: JSON with a nesting bound, so a deeply nested body is a 400, not a crash."""

from __future__ import annotations

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


def problem(value, limit: int = MAX_DEPTH) -> str | None:
    """Why a parsed body is refused: nesting deeper than ``limit`` or a NUL character in a string."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return "请求中含有不允许的控制字符(NUL)。"
        elif isinstance(item, dict | list):
            if depth > limit:
                return f"JSON 嵌套层数过多(最多 {limit} 层)。"
            if isinstance(item, dict):
                stack.extend((k, depth) for k in item)
                children = item.values()
            else:
                children = item
            stack.extend((child, depth + 1) for child in children)
    return None


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(f"JSON 嵌套层数过多(最多 {MAX_DEPTH} 层)。") from exc
        except ParseError as exc:
            raise ParseError("请求体不是有效的 JSON。") from exc
        message = problem(data)
        if message:
            raise ParseError(message)
        return data
