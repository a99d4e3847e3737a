"""Benchmark matching (N synthetic companies against every published clause) and the /me/ dashboard."""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.test import Client
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_grant_role
from eligibility import services
from eligibility.credit_code import check_char
from eligibility.engine.bench import run_benchmark
from eligibility.engine.synthetic import generate_policies, generate_profiles
from eligibility.models import Company
from eligibility.selectors import match_source, published_policies
from policies.models import Benefit, Clause, Policy

POLICY_FIELDS = (
    "title", "doc_number", "issuer", "province", "city", "region", "effective_from", "effective_until",
    "is_draft", "stacking",
)  # fmt: skip
CLAUSE_FIELDS = (
    "number",
    "heading",
    "text",
    "kind",
    "max_amount_yuan",
    "amounts_yuan",
    "ratios",
    "conditions",
)
BENEFIT_FIELDS = ("kind", "ratio", "base", "cap_yuan")


class _Rollback(Exception):
    """Leaves the benchmark's temporary rows behind no matter what."""


class Command(BaseCommand):
    help = "性能测试:N 家合成企业匹配全部已发布条款的耗时,以及“我的匹配”页面的服务端渲染耗时。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--companies", type=int, default=10_000, help="合成企业数量")
        parser.add_argument("--seed", type=int, default=0, help="随机种子")
        parser.add_argument("--workers", type=int, default=1, help="并行进程数(fork),默认 1")
        parser.add_argument("--as-of", dest="as_of", default=None, help="匹配日期 YYYY-MM-DD,默认今天")
        parser.add_argument(
            "--synthetic-policies",
            action="store_true",
            help="临时载入合成政策(数据库中没有已发布政策时自动启用),结束后回滚",
        )
        parser.add_argument("--no-dashboard", action="store_true", help="不测“我的匹配”页面")
        parser.add_argument("--requests", type=int, default=30, help="页面测量次数")

    def handle(self, *args: Any, **options: Any) -> None:
        n = max(1, options["companies"])
        as_of = options["as_of"] or timezone.localdate().isoformat()
        try:
            with transaction.atomic():
                synthetic = options["synthetic_policies"] or not Policy.objects.published().exists()
                if synthetic:
                    self.stderr.write(
                        "数据库中没有已发布的政策(或指定了 --synthetic-policies):临时载入合成政策,结束后回滚。"
                    )
                    _load_synthetic_policies(options["seed"])
                policies = published_policies()
                result = run_benchmark(
                    policies, n, seed=options["seed"], as_of=as_of, workers=options["workers"]
                )
                self.stdout.write(
                    f"compile_seconds={result.compile_seconds:.3f} workers={result.workers} "
                    + " ".join(f"{k}={v}" for k, v in sorted(result.statuses.items()))
                )
                if not options["no_dashboard"]:
                    dashboard_ms, rows = self._dashboard_ms(options["seed"], max(1, options["requests"]))
                    self.stdout.write(f"dashboard_ms={dashboard_ms:.1f} dashboard_results={rows}")
                raise _Rollback
        except _Rollback:
            pass
        self.stdout.write(
            f"bench_match seconds={result.seconds:.3f} companies={result.companies} "
            f"clauses={result.clauses} per_company_ms={result.per_company_ms:.4f}"
        )

    def _dashboard_ms(self, seed: int, requests: int) -> tuple[float, int]:
        """Median server time of GET /me/ for the synthetic company with the most stored results."""
        index = match_source().index
        profiles = generate_profiles(200, seed + 1)
        profile = max(
            profiles, key=lambda p: sum(r.status in ("eligible", "possible") for r in index.results(p))
        )
        user = User.objects.create(username=f"bench-{time.time_ns()}", display_name="性能测试")
        user_grant_role(user, Role.ENTERPRISE)
        serial = 0
        while True:
            first17 = f"9111010{time.time_ns() % 10**8 + serial:010d}"
            code = first17 + check_char(first17)
            if not Company.objects.filter(credit_code=code).exists():
                break
            serial += 1
        company = services.company_register(credit_code=code, name="性能测试企业有限公司", owner=user)
        company.profile.data = {**profile, "credit_code": company.credit_code, "name": company.name}
        company.profile.save()
        rows = services.rematch_company(company.pk).rows
        host = next(
            (h for h in settings.ALLOWED_HOSTS if h and h != "*" and not h.startswith(".")), "testserver"
        )
        client = Client(HTTP_HOST=host)
        client.force_login(user)
        secure = bool(getattr(settings, "SECURE_SSL_REDIRECT", False))
        for _ in range(3):
            response = client.get("/me/", secure=secure)
            if response.status_code != 200:
                raise RuntimeError(f"/me/ 返回 {response.status_code}")
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get("/me/", secure=secure)
            timings.append((time.perf_counter() - started) * 1000)
        return statistics.median(timings), rows


def _load_synthetic_policies(seed: int) -> None:
    """Save the engine's synthetic policies as published Policy/Clause/Benefit rows."""
    for data in generate_policies(seed):
        policy = Policy.objects.create(
            **{k: data.get(k) for k in POLICY_FIELDS},
            status=Policy.Status.PUBLISHED,
            published_at=timezone.now(),
        )
        for order, clause_data in enumerate(data["clauses"]):
            clause = Clause.objects.create(
                policy=policy, order=order, **{k: clause_data.get(k) for k in CLAUSE_FIELDS}
            )
            Benefit.objects.bulk_create(
                Benefit(clause=clause, **{k: b.get(k) for k in BENEFIT_FIELDS})
                for b in clause_data["benefits"]
            )
