"""manage.py bench_search: library search over N synthetic policies (default 5,000 x 30 clauses).

Fills the database with synthetic published policies (bulk, marked by their 文号 prefix), builds their
search documents with the same SQL publishing uses, then times `/policies/?q=` and `/api/policies/?q=`
in-process (server time: URL routing, queries, template) for a mix of simplified, traditional,
phrase and multi-word queries, and prints p50/p95. The synthetic rows are deleted afterwards unless
--keep. Run it against a PostgreSQL database of its own.
"""

from __future__ import annotations

import functools
import random
import re
import statistics
import time

from django.core.management import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client

from policies import search
from policies.models import Clause, Policy

MARK = "BENCH-"
REGIONS = [("北京市", "北京市", d) for d in ("朝阳区", "海淀区", "东城区", "西城区", "丰台区", "通州区")] + [
    ("北京市", "北京市", "北京经济技术开发区"),
    ("吉林省", "长春市", "朝阳区"),
    ("上海市", "上海市", "浦东新区"),
]
TOPICS = [
    "人工智能",
    "集成电路",
    "芯片设计",
    "智能网联汽车",
    "生物医药",
    "数字经济",
    "新能源",
    "软件和信息服务",
    "高端装备",
    "文化创意",
    "商贸流通",
    "现代农业",
]
SUBJECTS = ["企业", "高新技术企业", "专精特新企业", "科研院所", "孵化器", "园区运营单位"]
ACTIONS = [
    "对{s}开展{t}研发投入的,按实际投入的{r}%给予补贴,最高不超过{m}万元。",
    "支持{s}建设{t}公共服务平台,经认定的给予一次性奖励{m}万元。",
    "鼓励{s}引进{t}领域高层次人才,给予每人每年{m}万元生活补贴,连续支持三年。",
    "对租用办公用房的{t}{s},按照实际租金的{r}%给予房租补贴,每年最高{m}万元。",
    "{s}获得{t}相关国家级认定的,给予{m}万元配套资金支持。",
    "支持{s}参加{t}展会和标准制定,对主导制定国际标准的给予最高{m}万元奖励。",
]
HEADINGS = ["研发支持", "平台建设", "人才引进", "房租补贴", "资质认定", "标准创制", "融资支持", "市场开拓"]
QUERIES = [
    "人工智能",
    "人工智慧",
    "海淀區",
    "晶片",
    "芯片设计",
    "智能網聯汽車",
    "生物医药 房租补贴",
    "集成电路 人才",
    "企业",
    "专精特新 标准",
    "浦东新区 数字经济",
    "不存在的词语组合",
]


class Command(BaseCommand):
    help = "政策库检索基准:生成合成政策,测量 /policies/?q= 与 /api/policies/?q= 的服务端耗时 p50/p95。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--policies", type=int, default=5000)
        parser.add_argument("--clauses", type=int, default=30, help="每项政策的条款数")
        parser.add_argument("--rounds", type=int, default=10, help="每个查询在每个地址上重复的次数")
        parser.add_argument("--keep", action="store_true", help="保留合成数据(默认测完删除)")
        parser.add_argument("--reuse", action="store_true", help="沿用已有的合成数据")
        parser.add_argument("--seed", type=int, default=11)

    def handle(self, *args, **o) -> None:
        if not search.is_postgres():
            raise CommandError("检索基准需要 PostgreSQL(DATABASE_URL)")
        rng = random.Random(o["seed"])
        existing = Policy.objects.filter(doc_number__startswith=MARK).count()
        if not (o["reuse"] and existing):
            self._clear()
            t0 = time.perf_counter()
            self._fill(rng, o["policies"], o["clauses"])
            self.stdout.write(f"生成并建立检索文档:{time.perf_counter() - t0:.1f} 秒")
        with connection.cursor() as cur:
            cur.execute("ANALYZE policies_policy; ANALYZE policies_clause; ANALYZE policies_policysearch")
        total = Policy.objects.published().count()
        clauses = Clause.objects.filter(policy__status=Policy.Status.PUBLISHED).count()
        self.stdout.write(f"已发布政策 {total} 项,条款 {clauses} 条")
        try:
            self._measure(o["rounds"])
        finally:
            if not o["keep"]:
                self._clear()

    def _clear(self) -> None:
        with transaction.atomic():
            Clause.objects.filter(policy__doc_number__startswith=MARK).delete()
            Policy.objects.filter(doc_number__startswith=MARK).delete()

    def _fill(self, rng: random.Random, n: int, per: int) -> None:
        tokens = functools.lru_cache(maxsize=None)(lambda s: " ".join(search.tokens(s)))
        batch = 250
        for start in range(0, n, batch):
            policies, texts = [], []
            for i in range(start, min(n, start + batch)):
                province, city, region = rng.choice(REGIONS)
                topic = rng.choice(TOPICS)
                title = f"{region}关于促进{topic}产业高质量发展的若干措施(第{i}号)"
                policies.append(
                    Policy(
                        title=title,
                        doc_number=f"{MARK}{i:05d}",
                        issuer=f"{region}科学技术和信息化局",
                        province=province,
                        city=city,
                        region=region,
                        status=Policy.Status.PUBLISHED,
                    )
                )
                texts.append(topic)
            with transaction.atomic():
                Policy.objects.bulk_create(policies)
                rows, clause_rows = [], []
                for p, topic in zip(policies, texts, strict=True):
                    heads, bodies = [], []
                    for k in range(per):
                        t = topic if rng.random() < 0.6 else rng.choice(TOPICS)
                        cap = rng.choice((50, 100, 300))
                        sentence = rng.choice(ACTIONS).format(
                            s=rng.choice(SUBJECTS), t=t, r=rng.choice((20, 30, 50)), m=cap
                        )
                        heading = rng.choice(HEADINGS)
                        clause_rows.append(
                            Clause(
                                policy=p,
                                order=k + 1,
                                number=f"第{k + 1}条",
                                heading=heading,
                                text=sentence,
                                kind=Clause.Kind.SUPPORT,
                                max_amount_yuan=cap * 10_000,
                            )
                        )
                        heads.append(tokens(heading))
                        bodies.append(tokens(sentence))
                    meta = " ".join([tokens(p.region_label), tokens(p.issuer), p.doc_number, *heads])
                    rows.append((p.pk, tokens(p.title), meta, " ".join(bodies)))
                Clause.objects.bulk_create(clause_rows, batch_size=2000)
                search.index_rows(rows)
            self.stdout.write(f"  {min(n, start + batch)}/{n}")

    def _measure(self, rounds: int) -> None:
        client = Client(SERVER_NAME="localhost")
        for q in QUERIES:  # warm-up: converter, jieba, plans
            client.get("/policies/", {"q": q})
        for url in ("/policies/", "/api/policies/"):
            times: list[float] = []
            self.stdout.write(f"\n{url}?q=")
            for q in QUERIES:
                own: list[float] = []
                for _ in range(rounds):
                    t0 = time.perf_counter()
                    response = client.get(url, {"q": q})
                    own.append((time.perf_counter() - t0) * 1000)
                    if response.status_code != 200:
                        raise CommandError(f"{url}?q={q} 返回 {response.status_code}")
                times.extend(own)
                count = (
                    response.json()["count"]
                    if url.startswith("/api/")
                    else int(re.search(r"共 (\d+) 项政策", response.content.decode()).group(1))
                )
                self.stdout.write(f"  {q:<14}\t{count:>5} 项\tp50 {statistics.median(own):6.1f} ms")
            p50, p95 = _pct(times, 50), _pct(times, 95)
            self.stdout.write(
                f"  合计 {len(times)} 次:p50 {p50:.1f} ms,p95 {p95:.1f} ms,最大 {max(times):.1f} ms"
            )


def _pct(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]
