"""Measure the matcher on the seed policies for well-filled profiles: how much stays possible, what is eligible.

The seed documents in fixtures/seeds are run through the ingest pipeline as the tests do (an abridged
repost of a policy already read is left out: it is a source of that policy, not another one); each
profile of tests/eligibility/adviser_profiles.py (the demo company among them) is matched on the
given date. Printed per profile and overall:

- results, and the share of ``possible`` before any declaration is answered;
- the share of ``possible`` after every question the calculator asks is answered (repeatedly, until
  no new question comes up): with the profile's own ``declarations`` where it defines the key, else
  ``yes``, and separately ``no``;
- every ``eligible`` result in each of those states (profile, policy, clause label, cap), with
  ``--text`` the clause's words and its parents' own words, for checking by hand.

Nothing is written to the database.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from eligibility.engine import CandidateIndex, prepare
from ingest.pipeline import run

ROUNDS = 6  # answering can bring up questions of clauses that were ineligible-looking before


def seed_policies(folder: Path) -> list[dict[str, Any]]:
    """The seed policies as the tests load them: pipeline output, ids by position, no validity window."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for seed in sorted(folder.glob("*.txt")):
        result = run(seed.read_bytes(), seed.name)
        for policy in result["policies"]:
            if policy["title"] in seen:
                continue
            seen.add(policy["title"])
            policy = {**policy, "id": len(out) + 1, "effective_from": None, "effective_until": None}
            policy["clauses"] = [{**c, "id": i + 1} for i, c in enumerate(policy["clauses"])]
            policy["_text"] = result["text"]
            out.append(policy)
    return out


def load_profiles(path: Path) -> dict[str, dict[str, Any]]:
    """The PROFILES table of a profiles module given by its path."""
    spec = importlib.util.spec_from_file_location("eval_profiles", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(module.PROFILES)


def _answered(
    index: CandidateIndex, profile: Mapping[str, Any], as_of: str, default: bool
) -> tuple[list, int, int]:
    """Results after answering every question asked, round after round; (results, asked, from truth)."""
    truth = dict(profile.get("declarations") or {})
    answers: dict[str, Any] = {}
    report = index.match(profile, as_of)
    asked = from_truth = 0
    for _ in range(ROUNDS):
        new = [q.key for q in report.questions if q.key not in answers]
        if not new:
            break
        for key in new:
            asked += 1
            if key in truth:
                answers[key] = truth[key]
                from_truth += 1
            else:
                answers[key] = default
        report = index.match({**profile, "declarations": {**truth, **answers}}, as_of)
    return report.results, asked, from_truth


def _label(result) -> str:
    ref = result.clause.clause_ref
    return " ".join(x for x in (ref.get("number"), ref.get("heading")) if x)


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} = {round(100 * part / whole) if whole else 0}%"


class Command(BaseCommand):
    help = (
        "用种子政策和示例企业画像衡量匹配结果:可能可申报的比例(回答问题前后)与全部可申报结果清单;不写数据库。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        base = Path(settings.BASE_DIR)
        parser.add_argument("--as-of", dest="as_of", default="2026-11-21", help="匹配日期 YYYY-MM-DD")
        parser.add_argument("--seeds", default=str(base / "fixtures" / "seeds"), help="种子政策文件夹")
        parser.add_argument(
            "--profiles",
            default=str(base / "tests" / "eligibility" / "adviser_profiles.py"),
            help="定义 PROFILES 的 Python 文件",
        )
        parser.add_argument("--text", action="store_true", help="列出可申报结果的条款原文")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出汇总数字")

    def handle(self, *args, as_of: str, seeds: str, profiles: str, text: bool, json: bool, **options) -> None:
        policies = seed_policies(Path(seeds))
        texts = {p["id"]: p.pop("_text") for p in policies}
        by_id = {p["id"]: p for p in policies}
        index = CandidateIndex(policies)
        table = load_profiles(Path(profiles))
        states = ("before", "after_yes", "after_no")
        counts = {s: [0, 0] for s in states}
        eligible: dict[str, list[tuple[str, Any]]] = {s: [] for s in states}
        lines = []
        for name, profile in table.items():
            view = prepare(profile)
            before = index.match(view, as_of).results
            yes, asked, truth = _answered(index, profile, as_of, True)
            no, _, _ = _answered(index, profile, as_of, False)
            row = [name, len(before)]
            for state, results in zip(states, (before, yes, no), strict=True):
                possible = sum(r.status == "possible" for r in results)
                counts[state][0] += possible
                counts[state][1] += len(results)
                row.append(possible)
                eligible[state].extend((name, r) for r in results if r.status == "eligible")
            lines.append(f"  {row[0]:<20} results {row[1]:>3}  possible before {row[2]:>3}  "
                         f"after yes {row[3]:>3}  after no {row[4]:>3}  questions {asked} (truth {truth})")  # fmt: skip
        summary = {s: {"possible": c[0], "results": c[1]} for s, c in counts.items()}
        summary["eligible"] = {s: len(v) for s, v in eligible.items()}
        if json:
            self.stdout.write(_dumps(summary))
            return
        self.stdout.write(f"seed policies: {len(policies)}, profiles: {len(table)}, as of {as_of}")
        self.stdout.write("\n".join(lines))
        self.stdout.write(f"results: {counts['before'][1]}")
        self.stdout.write(f"possible before answering: {_share(*counts['before'])}")
        self.stdout.write(f"possible after answering yes: {_share(*counts['after_yes'])}")
        self.stdout.write(f"possible after answering no: {_share(*counts['after_no'])}")
        for state in states:
            self.stdout.write(f"\neligible {state}: {len(eligible[state])}")
            for name, result in eligible[state]:
                ref = result.clause.policy_ref
                cap = result.estimate.max_yuan
                note = " [声明]" if result.by_declaration else ""
                self.stdout.write(
                    f"  {name} | {ref['title']} | {_label(result)} | cap {cap if cap is not None else '-'}{note}"
                )
                if text and state == "before":
                    self.stdout.write(_clause_words(by_id[ref["id"]], texts[ref["id"]], result))
        if text:
            seen = {(n, r.key) for n, r in eligible["before"]}
            self.stdout.write("\nclause texts of results eligible only after answering:")
            for state in states[1:]:
                for name, result in eligible[state]:
                    if (name, result.key) in seen:
                        continue
                    seen.add((name, result.key))
                    ref = result.clause.policy_ref
                    self.stdout.write(f"  [{state}] {name} | {ref['title']} | {_label(result)}")
                    self.stdout.write(_clause_words(by_id[ref["id"]], texts[ref["id"]], result))


def _clause_words(policy: Mapping[str, Any], text: str, result) -> str:
    """The clause's text and its parents' own words (up to the first sub-item), indented."""
    number = result.clause.clause_ref.get("number") or ""
    numbers = {c.get("number"): c for c in policy["clauses"]}
    labels = number.split("/")
    chain = [numbers.get("/".join(labels[:d])) for d in range(1, len(labels) + 1)]
    out = []
    for c in chain:
        if not c:
            continue
        words = c.get("text") or ""
        subs = [x for k, x in numbers.items() if isinstance(k, str) and k.startswith(f"{c['number']}/")]
        if subs and c is not chain[-1]:
            first = min(x["span"][0] for x in subs if x.get("span"))
            words = text[c["span"][0] : first] if c.get("span") else words
        out.append("      > " + " ".join(words.split()))
    return "\n".join(out)


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
