"""Request parsers: JSON with a nesting bound, so a deeply nested body is a 400, not a crash."""

from __future__ import annotations

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


def too_deep(value, limit: int = MAX_DEPTH) -> bool:
    """True when lists/objects nest more than ``limit`` levels (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(f"JSON 嵌套层数过多(最多 {MAX_DEPTH} 层)。") from exc
        except ParseError as exc:
            raise ParseError("请求体不是有效的 JSON。") from exc
        if too_deep(data):
            raise ParseError(f"JSON 嵌套层数过多(最多 {MAX_DEPTH} 层)。")
        return data
