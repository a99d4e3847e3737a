"""Measure the matcher on a folder of real policy documents with generic well-filled profiles.

Every document of the folder is run through the ingest pipeline (nothing is saved). Each generic
profile of the profiles file (``PROFILES``: industry, size, qualifications, age; no place) is put in
the region of each policy in turn (province, city, and district or development zone, as a company
located there) and matched against that policy only. Printed:

- per profile and overall, the count of each status and the share of ``possible``;
- the number of distinct declaration questions and of distinct open requirement texts;
- the share of ``possible`` after every question asked is answered ``yes`` (round after round), and
  after every one is answered ``no``;
- every ``eligible`` and ``ineligible`` result with its clause words (and, for ineligible ones, the
  checks that failed), then every result eligible only once questions are answered ``yes`` (an
  applicant saying yes to everything asked must then really qualify: check these by hand too).

Nothing is written to the database.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from eligibility.engine import CandidateIndex, prepare
from ingest.pipeline import run
from places import is_zone_name

from .eval_match import _answered, _clause_words, _label, _share, load_profiles

STATUSES = ("eligible", "possible", "ineligible", "not_in_force")


def folder_policies(folder: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Every policy the pipeline finds in the folder's files: ids by position, no validity window.

    Returns (policies, skipped files with the reason). Each policy keeps ``_text`` (the document's
    text, for quoting clause words) and ``_file``.
    """
    out: list[dict[str, Any]] = []
    skipped: list[str] = []
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        try:
            result = run(path.read_bytes(), path.name)
        except Exception as exc:  # a document the pipeline refuses is reported, not fatal
            skipped.append(f"{path.name}: {exc}")
            continue
        for policy in result["policies"]:
            policy = {**policy, "id": len(out) + 1, "effective_from": None, "effective_until": None}
            policy["clauses"] = [{**c, "id": i + 1} for i, c in enumerate(policy["clauses"])]
            policy["_text"] = result["text"]
            policy["_file"] = path.name
            out.append(policy)
    return out, skipped


def located(profile: Mapping[str, Any], policy: Mapping[str, Any]) -> dict[str, Any]:
    """The profile of a company located in the policy's region."""
    province = policy.get("province") or ""
    city = policy.get("city") or ""
    region = policy.get("region") or ""
    where: dict[str, Any] = {"province": province, "city": city}
    if region and region not in (province, city):
        if is_zone_name(region):
            where["zones"] = [region]
        else:
            where["district"] = region
    return {**profile, **where}


class Command(BaseCommand):
    help = "用一个文件夹中的真实政策文件和通用企业画像衡量匹配结果(企业位于各政策所在地区);不写数据库。"

    def add_arguments(self, parser: CommandParser) -> None:
        base = Path(settings.BASE_DIR)
        parser.add_argument(
            "--docs", default=str(base / "tests" / "ingest" / "real_dev" / "docs"), help="政策文件夹"
        )
        parser.add_argument(
            "--profiles",
            default=str(base / "tests" / "eligibility" / "real_profiles.py"),
            help="定义 PROFILES 的 Python 文件(不含地区)",
        )
        parser.add_argument("--as-of", dest="as_of", default="2026-11-21", help="匹配日期 YYYY-MM-DD")
        parser.add_argument("--no-text", dest="text", action="store_false", help="不列出条款原文")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出汇总数字")

    def handle(self, *args, docs: str, profiles: str, as_of: str, text: bool, json: bool, **options) -> None:
        policies, skipped = folder_policies(Path(docs))
        texts = {p["id"]: p.pop("_text") for p in policies}
        files = {p["id"]: p.pop("_file") for p in policies}
        by_id = {p["id"]: p for p in policies}
        index = CandidateIndex(policies)
        table = load_profiles(Path(profiles))
        total: Counter[str] = Counter()
        per_profile: dict[str, Counter[str]] = {}
        questions: set[str] = set()
        open_texts: set[str] = set()
        listed: dict[str, list[tuple[str, Any]]] = {"eligible": [], "ineligible": []}
        answered = {"yes": [0, 0], "no": [0, 0]}
        declared: list[tuple[str, Any]] = []
        for name, generic in table.items():
            counts: Counter[str] = Counter()
            for policy in policies:
                here = located(generic, policy)
                for word, default in (("yes", True), ("no", False)):
                    results = [
                        r
                        for r in _answered(index, here, as_of, default)[0]
                        if r.clause.policy_ref["id"] == policy["id"]
                    ]
                    answered[word][0] += sum(r.status == "possible" for r in results)
                    answered[word][1] += len(results)
                    if default:
                        declared.extend(
                            (name, r) for r in results if r.status == "eligible" and r.by_declaration
                        )
                report = index.match(prepare(here), as_of)
                for result in report.results:
                    if result.clause.policy_ref["id"] != policy["id"]:
                        continue
                    counts[result.status] += 1
                    if result.status in listed:
                        listed[result.status].append((name, result))
                    if result.status == "possible":
                        for m in result.missing:
                            if m.kind == "declaration" and m.declaration is not None:
                                questions.add(m.declaration.key)
                            elif m.kind == "requirement":
                                open_texts.add("".join((m.text or m.question or "").split()))
            per_profile[name] = counts
            total.update(counts)
        results = sum(total.values())
        summary = {
            "documents": len({*files.values()}),
            "policies": len(policies),
            "profiles": len(table),
            "results": results,
            **{s: total[s] for s in STATUSES},
            "possible_share": round(total["possible"] / results, 3) if results else 0,
            "questions": len(questions),
            "open_requirements": len(open_texts),
            "possible_after_yes": answered["yes"][0],
            "possible_after_no": answered["no"][0],
            "eligible_after_yes": len(declared),
        }
        if json:
            self.stdout.write(_dumps(summary))
            return
        self.stdout.write(
            f"documents {summary['documents']}, policies {len(policies)}, profiles {len(table)}, as of {as_of}"
        )
        for line in skipped:
            self.stdout.write(f"  skipped {line}")
        for name, counts in per_profile.items():
            n = sum(counts.values())
            self.stdout.write(
                f"  {name:<22} results {n:>3}  "
                + "  ".join(f"{s} {counts[s]:>3}" for s in STATUSES[:3])
                + f"  possible {_share(counts['possible'], n)}"
            )
        self.stdout.write(f"results: {results}  " + "  ".join(f"{s} {total[s]}" for s in STATUSES))
        self.stdout.write(f"possible: {_share(total['possible'], results)}")
        self.stdout.write(f"distinct declaration questions: {len(questions)}")
        self.stdout.write(f"distinct open requirements: {len(open_texts)}")
        self.stdout.write(f"possible after answering yes: {_share(*answered['yes'])}")
        self.stdout.write(f"possible after answering no: {_share(*answered['no'])}")
        listed["eligible after answering yes"] = declared
        for status, found in listed.items():
            self.stdout.write(f"\n{status}: {len(found)}")
            for name, result in found:
                ref = result.clause.policy_ref
                cap = result.estimate.max_yuan
                self.stdout.write(
                    f"  {name} | {files[ref['id']]} | {_label(result)} | cap {cap if cap is not None else '-'}"
                )
                if status == "ineligible":
                    for reason in result.reasons:
                        if reason.outcome is False:
                            self.stdout.write(f"      x {reason.text}")
                if text:
                    self.stdout.write(_clause_words(by_id[ref["id"]], texts[ref["id"]], result))


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
