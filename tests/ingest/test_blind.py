"""Blind set: ten independently written district / zone policies (tests/ingest/blind), scored by the scorer's rules.

The documents and their gold labels were written before the pipeline was run on them (see
blind/MISSES.md for what the pipeline got wrong). Run with -s to see the figures; the floor is the
F1 the pipeline achieves now, rounded down, so a regression fails.
"""

from __future__ import annotations

import json
from pathlib import Path

from ingest.pipeline import run
from tests.ingest.eval.scoring import documents, score

BLIND = Path(__file__).parent / "blind"

# Money-clause F1 on the blind set when it was written (1.000), rounded down to two decimals.
F1_FLOOR = 1.00
# Every policy is found and every metadata field the scorer reads is right.
META_FLOOR = 1.00


def test_blind_set() -> None:
    gold = documents(json.loads((BLIND / "gold.json").read_text(encoding="utf-8")))
    out = []
    for name in gold:
        doc = run((BLIND / "docs" / name).read_bytes(), name)
        out.append({"source": doc["source"], "policies": doc["policies"]})
    s = score(gold, documents({"documents": out}))
    print(f"\n[blind] {s.summary()}")
    for miss in s.misses:
        print("   miss:", miss)
    assert s.policies_found == s.policies
    assert s.meta_accuracy >= META_FLOOR
    assert s.f1 >= F1_FLOOR, s.summary()
