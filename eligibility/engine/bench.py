"""Benchmark: match many synthetic profiles against every clause, on one or several processes."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .index import CandidateIndex
from .synthetic import generate_profiles

_INDEX: CandidateIndex | None = None  # shared with forked workers


@dataclass(slots=True)
class BenchResult:
    """How long matching took and what it found."""

    companies: int
    clauses: int
    workers: int
    seconds: float
    compile_seconds: float
    statuses: dict[str, int]

    @property
    def per_company_ms(self) -> float:
        """Wall-clock milliseconds per company."""
        return self.seconds * 1000 / max(self.companies, 1)

    def to_dict(self) -> dict[str, Any]:
        """The result as JSON."""
        return {
            "companies": self.companies,
            "clauses": self.clauses,
            "workers": self.workers,
            "seconds": round(self.seconds, 3),
            "compile_seconds": round(self.compile_seconds, 3),
            "per_company_ms": round(self.per_company_ms, 4),
            "statuses": self.statuses,
        }


def _match_chunk(args: tuple[list[dict[str, Any]], str]) -> Counter:
    profiles, as_of = args
    assert _INDEX is not None
    counts: Counter = Counter()
    for profile in profiles:
        report = _INDEX.match(profile, as_of)
        for result in report.results:
            counts[result.status] += 1
    return counts


def run_benchmark(
    policies: Iterable[Mapping[str, Any]],
    n: int = 10_000,
    *,
    seed: int = 0,
    as_of: str = "2026-11-21",
    workers: int = 1,
) -> BenchResult:
    """Compile ``policies`` once, then build the full report for ``n`` synthetic companies.

    With ``workers`` > 1 the profiles are split over forked processes that share the compiled index.
    """
    global _INDEX
    started = time.perf_counter()
    _INDEX = CandidateIndex(policies)
    compiled = time.perf_counter() - started
    profiles = generate_profiles(n, seed)
    workers = max(1, min(workers, os.cpu_count() or 1))
    started = time.perf_counter()
    if workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        workers = 1
        counts = _match_chunk((profiles, as_of))
    else:
        size = -(-len(profiles) // workers)
        chunks = [(profiles[i : i + size], as_of) for i in range(0, len(profiles), size)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            counts = sum(pool.map(_match_chunk, chunks), Counter())
    seconds = time.perf_counter() - started
    return BenchResult(
        companies=n,
        clauses=len(_INDEX.clauses),
        workers=workers,
        seconds=seconds,
        compile_seconds=compiled,
        statuses=dict(counts),
    )
