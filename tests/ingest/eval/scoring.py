"""The ingest scorer's rules, reimplemented for the held-out evaluation (see docs/INGEST_JSON.md).

A gold policy is matched to the system policy of the same document with the most similar normalised
title (ratio >= 0.8); a gold clause to the first untaken system clause whose normalised number path
ends with the gold path. A clause is right when it is matched and max_amount_yuan is equal; precision
is over the system's leaf clauses that state an amount, recall over gold clauses that state one.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

_TRAD = str.maketrans({"條": "条", "（": "(", "）": ")", "、": ".", "．": "."})
_DROP_RE = re.compile(r"[\s\u3000《》“”\"'·]")
META_FIELDS = ("doc_number", "region", "effective_from", "effective_until", "is_draft")


def norm_text(s: object) -> str | None:
    if s is None:
        return None
    return _DROP_RE.sub("", unicodedata.normalize("NFKC", str(s)).translate(_TRAD))


def norm_path(number: str | None) -> list[str]:
    parts = [(norm_text(p) or "").rstrip(".") for p in (number or "").split("/")]
    return [p for p in parts if p]


def doc_key(name: str | None) -> str:
    return re.split(r"[\\/]", name or "")[-1]


def documents(data: dict) -> dict[str, list[dict]]:
    """{file name: policies} of a gold or system JSON document set."""
    return {
        doc_key(d.get("file") or d.get("source")): d.get("policies", []) for d in data.get("documents", [])
    }


def _no_money(value: object) -> bool:
    return value in (None, 0)


def leaf_money_clauses(clauses: list[dict]) -> list[dict]:
    """Clauses stating an amount with no descendant that states one."""
    paths = [norm_path(c.get("number")) for c in clauses]
    leaves = []
    for c, p in zip(clauses, paths, strict=True):
        if _no_money(c.get("max_amount_yuan")):
            continue
        if not any(
            len(q) > len(p) and q[: len(p)] == p and not _no_money(cc.get("max_amount_yuan"))
            for cc, q in zip(clauses, paths, strict=True)
        ):
            leaves.append(c)
    return leaves


def _ratios_equal(a: list | None, b: list | None) -> bool:
    return sorted(round(float(x), 4) for x in a or []) == sorted(round(float(x), 4) for x in b or [])


@dataclass
class Score:
    policies: int = 0
    policies_found: int = 0
    meta_total: int = 0
    meta_ok: int = 0
    clauses: int = 0
    clauses_found: int = 0
    amount_ok: int = 0
    ratio_ok: int = 0
    system_money_leaves: int = 0
    gold_money: int = 0
    correct: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.system_money_leaves if self.system_money_leaves else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold_money if self.gold_money else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def meta_accuracy(self) -> float:
        return self.meta_ok / self.meta_total if self.meta_total else 0.0

    def summary(self) -> str:
        return (
            f"policies {self.policies_found}/{self.policies}  metadata {self.meta_ok}/{self.meta_total}  "
            f"clauses {self.clauses_found}/{self.clauses}  amounts {self.amount_ok}/{self.clauses}  "
            f"ratios {self.ratio_ok}/{self.clauses}  precision {self.precision:.3f}  recall {self.recall:.3f}  "
            f"({self.correct} right of {self.system_money_leaves} reported, {self.gold_money} in gold)  f1={self.f1:.3f}"
        )


def _best_policy(title: str | None, candidates: list[dict], used: set[int]) -> tuple[int | None, float]:
    g = norm_text(title) or ""
    best, best_r = None, 0.0
    for i, p in enumerate(candidates):
        if i in used:
            continue
        r = difflib.SequenceMatcher(None, g, norm_text(p.get("title")) or "").ratio()
        if r > best_r:
            best, best_r = i, r
    return (best, best_r) if best_r >= 0.8 else (None, best_r)


def _meta_ok(name: str, gv: object, sv: object) -> bool:
    if name == "is_draft":
        return gv == sv
    ok = norm_text(gv) == norm_text(sv)
    if name == "region" and not ok and gv and sv:
        g, s = norm_text(gv) or "", norm_text(sv) or ""
        ok = g in s or s in g
    return ok


def score(gold: dict[str, list[dict]], system: dict[str, list[dict]]) -> Score:
    t = Score()
    for name, gold_policies in gold.items():
        sys_policies = system.get(name, [])
        used: set[int] = set()
        for gp in gold_policies:
            gclauses = gp.get("clauses", [])
            t.policies += 1
            t.clauses += len(gclauses)
            t.gold_money += sum(1 for c in gclauses if not _no_money(c.get("max_amount_yuan")))
            idx, r = _best_policy(gp.get("title"), sys_policies, used)
            if idx is None:
                t.misses.append(f"{name}: policy not found: {gp.get('title')} (best ratio {r:.2f})")
                continue
            used.add(idx)
            t.policies_found += 1
            sp = sys_policies[idx]
            for f in META_FIELDS:
                t.meta_total += 1
                ok = _meta_ok(f, gp.get(f), sp.get(f))
                t.meta_ok += ok
                if not ok:
                    t.misses.append(f"{name}: {f} gold={gp.get(f)!r} system={sp.get(f)!r}")
            sclauses = sp.get("clauses", [])
            leaves = leaf_money_clauses(sclauses)
            leaf_ids = {id(c) for c in leaves}
            t.system_money_leaves += len(leaves)
            spaths = [norm_path(c.get("number")) for c in sclauses]
            taken: set[int] = set()
            for gc in gclauses:
                gpath = norm_path(gc.get("number"))
                hit = next(
                    (
                        j
                        for j, p in enumerate(spaths)
                        if j not in taken and gpath and p[-len(gpath) :] == gpath
                    ),
                    None,
                )
                if hit is None and not gpath:
                    hit = next(
                        (
                            j
                            for j, c in enumerate(sclauses)
                            if j not in taken and c.get("max_amount_yuan") == gc.get("max_amount_yuan")
                        ),
                        None,
                    )
                if hit is None:
                    t.misses.append(f"{name}: clause {gc.get('number')} not found")
                    continue
                taken.add(hit)
                sc = sclauses[hit]
                t.clauses_found += 1
                amount_ok = gc.get("max_amount_yuan") == sc.get("max_amount_yuan")
                t.amount_ok += amount_ok
                t.ratio_ok += _ratios_equal(gc.get("ratios"), sc.get("ratios"))
                if amount_ok and not _no_money(gc.get("max_amount_yuan")) and id(sc) in leaf_ids:
                    t.correct += 1
                if not amount_ok:
                    t.misses.append(
                        f"{name}: clause {gc.get('number')} max_amount gold={gc.get('max_amount_yuan')} "
                        f"system={sc.get('max_amount_yuan')}"
                    )
    return t
