"""manage.py bench_ingest: the pipeline over the seed documents, against jieba segmentation alone."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management import BaseCommand

from ingest import pipeline


class Command(BaseCommand):
    help = "测量导入流水线处理种子文件的耗时,并与 jieba 分词同样文本的耗时比较。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--repeat", type=int, default=3, help="每个文件重复次数(取总和)")
        parser.add_argument("paths", nargs="*", metavar="PATH", help="默认 fixtures/seeds/*")

    def handle(self, *args, **options) -> None:
        import jieba

        paths = [Path(p) for p in options["paths"]] or sorted(
            p
            for p in (Path(settings.BASE_DIR) / "fixtures" / "seeds").iterdir()
            if p.suffix in (".txt", ".html", ".htm", ".docx", ".pdf")
        )
        files = [(p.name, p.read_bytes()) for p in paths]
        repeat = max(1, options["repeat"])

        texts = {}
        for name, data in files:  # warm-up: caches, dictionaries, regexes
            texts[name] = pipeline.run(data, name)["text"]
        jieba.initialize()
        for text in texts.values():
            jieba.lcut(text)

        total = prep_total = 0.0
        for name, data in files:
            t0 = time.perf_counter()
            for _ in range(repeat):
                pipeline.prepare_text(data, name)
            t1 = time.perf_counter()
            for _ in range(repeat):
                pipeline.run(data, name)
            t2 = time.perf_counter()
            prep, whole = t1 - t0, t2 - t1
            prep_total += prep
            total += whole
            self.stdout.write(
                f"{name}: {len(data)} 字节, 文字 {len(texts[name])} 字, 全流程 {whole:.3f} 秒"
                f"(解码至清理 {prep:.3f} 秒, 拆分至条款 {max(0.0, whole - prep):.3f} 秒)"
            )
        jieba_total = 0.0
        for name, text in texts.items():
            t0 = time.perf_counter()
            for _ in range(repeat):
                jieba.lcut(text)
            spent = time.perf_counter() - t0
            jieba_total += spent
            self.stdout.write(f"{name}: jieba 分词 {spent:.3f} 秒")
        self.stdout.write(
            f"合计 {len(files)} 个文件 × {repeat} 次: 全流程 {total:.3f} 秒(解码至清理 {prep_total:.3f} 秒), "
            f"jieba {jieba_total:.3f} 秒"
        )
        ratio = total / jieba_total if jieba_total else 0.0
        self.stdout.write(
            f"bench_ingest seconds={total:.3f} jieba_seconds={jieba_total:.3f} ratio={ratio:.2f}"
        )
