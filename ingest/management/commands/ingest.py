"""manage.py ingest PATH... [--dry-run --format json | --publish]: policy documents into drafts."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand, CommandError

from ingest import pipeline, services
from ingest.models import IngestRun
from ingest.pipeline.errors import UnusableDocument


class Command(BaseCommand):
    help = "导入政策文件:--dry-run --format json 只输出抽取结果;默认保存为待审核草稿;--publish 直接发布。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="政策文件(txt、html、docx、pdf)")
        parser.add_argument("--dry-run", action="store_true", help="只抽取并输出,不写数据库")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="输出格式")
        parser.add_argument("--publish", action="store_true", help="保存后直接发布")

    def handle(self, *args, **options) -> None:
        if options["dry_run"] and options["publish"]:
            raise CommandError("--dry-run 与 --publish 不能同时使用")
        documents, failures = [], 0
        for raw in options["paths"]:
            path = Path(raw)
            try:
                data = path.read_bytes()
            except OSError as exc:
                failures += self._error(raw, f"无法读取文件({exc.strerror or exc})")
                continue
            if options["dry_run"]:
                entry = self._dry_run(raw, path.name, data)
            else:
                entry = self._save(raw, path.name, data, publish=options["publish"], fmt=options["format"])
            if entry is None:
                failures += 1
            else:
                documents.append(entry)
        if options["format"] == "json":
            self.stdout.write(json.dumps({"documents": documents}, ensure_ascii=False, indent=1))
        if failures:
            raise CommandError(f"共 {failures} 个文件未能导入,其余文件已处理", returncode=2)

    def _error(self, path: str, reason: str) -> int:
        self.stderr.write(f"导入失败:{path}:{reason}")
        return 1

    def _dry_run(self, raw: str, name: str, data: bytes) -> dict | None:
        if len(data) > settings.UPLOAD_MAX_BYTES:
            self._error(raw, services.size_limit_reason())
            return None
        try:
            doc = pipeline.run(data, name)
        except UnusableDocument as exc:
            self._error(raw, exc.reason)
            return None
        except Exception as exc:  # one broken file must not stop the others
            self._error(raw, f"文件处理出错({type(exc).__name__})")
            return None
        if not doc.get("policies"):
            self._error(raw, "未识别到任何条款")
            return None
        return services.public_document(doc)

    def _save(self, raw: str, name: str, data: bytes, *, publish: bool, fmt: str) -> dict | None:
        try:
            document, created = services.document_store(data, name)
        except services.IngestError as exc:
            self._error(raw, exc.reason)
            return None
        run = services.ingest_document(document, publish=publish)
        if run.status != IngestRun.Status.SUCCEEDED:
            self._error(raw, run.error or "导入失败")
            return None
        policies = run.result.get("policies", [])
        if fmt == "text":
            verb = "已导入" if created else "已重新导入"
            self.stdout.write(f"{verb}:{raw}({len(policies)} 项政策)")
            for p in policies:
                self.stdout.write(
                    f"  #{p['id']} {p['title']}(第{p['version']}版,{p['clauses']} 条条款,"
                    f"{'已发布' if p['status'] == 'published' else '待审核'})"
                )
            for w in run.warnings:
                where = f"{w['clause']} " if w.get("clause") else ""
                self.stdout.write(f"  提示:{where}{w['message']}")
        return {
            "source": name,
            "document_id": document.pk,
            "run_id": run.pk,
            "created": created,
            "policies": policies,
            "warnings": run.warnings,
        }
