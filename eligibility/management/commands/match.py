"""Match one company profile (JSON file) against the published clauses, without saving anything."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from eligibility.engine import match_profile
from eligibility.engine.match import as_of_date
from eligibility.selectors import published_policies


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
            text = sys.stdin.read() if profile == "-" else Path(profile).read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise CommandError(f"无法读取画像文件:{exc}") from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise CommandError(f"画像文件不是有效的 JSON:{exc}") from exc
        if not isinstance(data, dict):
            raise CommandError("画像文件应为 JSON 对象")
        try:
            day = as_of_date(as_of)
        except ValueError as exc:
            raise CommandError("--as-of 应为 YYYY-MM-DD 格式的日期") from exc
        report = match_profile(published_policies(), data, day)
        self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
