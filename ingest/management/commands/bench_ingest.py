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
        parser.add_argument(
            "--scaling",
            action="store_true",
            help="改为测量耗时随文字量的增长(0.125/0.25/0.5 MB 条款文字,有编号与无编号两种)",
        )

    def handle(self, *args, **options) -> None:
        if options["scaling"]:
            self._scaling()
            return
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

    def _scaling(self) -> None:
        """Seconds per size of generated clause text: linear time keeps seconds/MB flat as the size doubles."""
        pipeline.run(_generated(20_000, numbered=True), "warmup.txt")
        for numbered in (True, False):
            rates = []
            for size in (131_072, 262_144, 524_288):
                data = _generated(size, numbered=numbered)
                t0 = time.perf_counter()
                pipeline.run(data, "scaling.txt")
                spent = time.perf_counter() - t0
                rates.append(spent / (len(data) / 1_048_576))
                kind = "有编号" if numbered else "无编号"
                self.stdout.write(f"{kind} {len(data)} 字节: {spent:.2f} 秒({rates[-1]:.2f} 秒/MB)")
            self.stdout.write(f"scaling numbered={numbered} growth={rates[-1] / rates[0]:.2f}")


_CN_DIGITS = "一二三四五六七八九"


def _cn(n: int) -> str:
    """1..99 in Chinese numerals (十二, 三十五); larger numbers as digits."""
    if n >= 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = ("" if tens == 1 else _CN_DIGITS[tens - 1]) + "十" if tens else ""
    return head + (_CN_DIGITS[ones - 1] if ones else "")


def _generated(size: int, *, numbered: bool) -> bytes:
    """About `size` bytes of policy text: numbered articles, or the same sentences as one unnumbered body."""
    parts = ["某某市促进产业发展若干措施\n\n为促进产业发展,制定本措施。\n"]
    total, i = 0, 0
    while total < size:
        i += 1
        line = (
            f"对符合条件的企业,按项目投资额的{i % 30 + 1}%给予补助,最高不超过{i % 90 + 10}万元。"
            f"企业年营业收入达到5000万元以上的,给予一次性奖励{i % 50 + 1}0万元。\n"
        )
        if numbered:
            line = f"第{_cn(i)}条 " + line
        parts.append(line)
        total += len(line.encode())
    return "".join(parts).encode()
