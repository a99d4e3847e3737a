"""Match one company profile (JSON file) against the published clauses, without saving anything."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from eligibility.engine import match_profile, prepare
from eligibility.engine.conditions import problems
from eligibility.engine.match import as_of_date
from eligibility.selectors import published_policies

_KINDS = {list: "列表", str: "字符串", int: "数字", float: "数字", bool: "布尔值", type(None): "null"}


def _decode(raw: bytes) -> str:
    """The file's text: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030 (GBK) as saved on Windows."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CommandError("画像文件的编码无法识别,请另存为 UTF-8 编码的 JSON 文件")


class Command(BaseCommand):
    help = "按企业画像(JSON 文件)匹配已发布的政策条款,输出排序后的结果;不写数据库。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("profile", help="企业画像 JSON 文件(DESIGN.md 的格式),- 表示标准输入")
        parser.add_argument(
            "--as-of", dest="as_of", default=None, help="按该日期判断政策是否有效,YYYY-MM-DD,默认今天"
        )
        parser.add_argument("--format", dest="fmt", choices=["json"], default="json", help="输出格式")

    def handle(self, *args, profile: str, as_of: str | None, fmt: str, **options) -> None:
        try:
            raw = sys.stdin.buffer.read() if profile == "-" else Path(profile).read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取画像文件 {profile}:{exc.strerror or exc}") from exc
        text = _decode(raw)
        if not text.strip():
            raise CommandError('画像文件为空,应为一个 JSON 对象,例如 {"name": "北京某某科技有限公司"}')
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(
                f"画像文件不是有效的 JSON(第 {exc.lineno} 行第 {exc.colno} 列):{exc.msg}"
            ) from exc
        except RecursionError as exc:
            raise CommandError("画像文件的 JSON 嵌套过深") from exc
        if not isinstance(data, dict):
            raise CommandError(f"画像文件应为 JSON 对象({{...}}),收到的是{_KINDS.get(type(data), '其他值')}")
        try:
            day = as_of_date(as_of)
        except ValueError as exc:
            raise CommandError(f"--as-of 应为 YYYY-MM-DD 格式的日期,收到“{as_of}”") from exc
        view = prepare(data)
        found = problems(view)
        if found:
            lines = "\n".join(f"  - {p}" for p in found)
            raise CommandError(f"画像中有 {len(found)} 处无法识别的值,请修改后重试:\n{lines}")
        report = match_profile(published_policies(), view, day)
        self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
