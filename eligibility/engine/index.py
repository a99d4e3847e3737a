"""Candidate narrowing: compile every clause once and look clauses up by the company's place.

A clause whose condition requires a place (a top-level region leaf, or its policy's own region) is
indexed under that place; clauses without one are always candidates. Clauses in another place are
left out of the report: for them the answer is certainly "ineligible" and listing them is noise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .conditions import K_CITY, K_DISTRICT, K_PROVINCE, K_ZONES, _region_test, at_date, place_of, prepare
from .match import CompiledClause, as_of_date, compile_policy, evaluate
from .report import MatchReport, build_report

Place = tuple[str | None, str | None, str | None]


class CandidateIndex:
    """Every clause of ``policies`` compiled once, indexed by (province, city, district) and zone."""

    __slots__ = ("by_place", "by_zone", "clauses", "errors", "found", "placed", "unplaced", "zoned")

    def __init__(self, policies: Iterable[Mapping[str, Any]]) -> None:
        self.clauses: list[CompiledClause] = []
        self.errors: list[dict[str, Any]] = []
        self.unplaced: list[CompiledClause] = []
        self.zoned: list[CompiledClause] = []
        self.placed: list[tuple[CompiledClause, Callable]] = []
        self.by_place: dict[Place, list[CompiledClause]] = {}
        self.by_zone: dict[str, list[CompiledClause]] = {}
        # Candidates by place (``place_of``): they depend on nothing else.
        self.found: dict[tuple, tuple[CompiledClause, ...]] = {}
        for position, policy in enumerate(policies):
            compiled = compile_policy(policy, position=position)
            self.errors.extend(compiled.errors)
            for clause in compiled.clauses:
                self._add(clause)

    def _add(self, clause: CompiledClause) -> None:
        self.clauses.append(clause)
        spec = clause.condition.region
        if spec is None:
            self.unplaced.append(clause)
            return
        self.placed.append((clause, _region_test(spec)[0]))
        # Mirrors the region test: a known city settles the province.
        city = spec.city
        province = spec.province if city is None else None
        if spec.districts or not spec.zones:
            for district in spec.districts or (None,):
                self.by_place.setdefault((province, city, district), []).append(clause)
        for zone in spec.zones:
            self.by_zone.setdefault(zone, []).append(clause)
        if spec.zones:
            self.zoned.append(clause)

    def candidates(self, view: Mapping[str, Any]) -> list[CompiledClause]:
        """The clauses that may apply to a prepared profile (never drops one that could match)."""
        place = place_of(view)
        found = self.found.get(place)
        if found is None:
            found = tuple(self._candidates(view))
            if len(self.found) < 4096:
                self.found[place] = found
        return list(found)

    def _candidates(self, view: Mapping[str, Any]) -> list[CompiledClause]:
        province, city, district = view[K_PROVINCE], view[K_CITY], view[K_DISTRICT]
        certain, maybe, known = view[K_ZONES]
        if province is None or city is None or district is None or maybe:
            # Part of the place is unknown: keep every clause whose region test is not false.
            found = list(self.unplaced)
            found.extend(clause for clause, test in self.placed if test(view) is not False)
            return found
        found = list(self.unplaced)
        by_place = self.by_place
        for key in (
            (None, city, district),
            (None, city, None),
            (province, None, district),
            (province, None, None),
            (None, None, district),
            (None, None, None),
        ):
            hit = by_place.get(key)
            if hit:
                found.extend(hit)
        if not known:
            # Zones lie in one city: a zone of another city is certainly not the company's.
            found.extend(c for c in self.zoned if c.condition.region.city in (None, city))
        else:
            for zone in certain:
                hit = self.by_zone.get(zone)
                if hit:
                    found.extend(hit)
        if len(found) > 1:
            found = list({id(clause): clause for clause in found}.values())
        return found

    def results(self, profile: Mapping[str, Any], as_of: dt.date | str | None = None) -> list:
        """The unranked clause results for a profile (the hot path, no report building)."""
        day = as_of_date(as_of)
        view = at_date(prepare(profile), day)
        return [evaluate(clause, view, day) for clause in self.candidates(view)]

    def match(self, profile: Mapping[str, Any], as_of: dt.date | str | None = None) -> MatchReport:
        """The ranked report of one company profile on ``as_of`` (default today)."""
        day = as_of_date(as_of)
        view = at_date(prepare(profile), day)
        results = [evaluate(clause, view, day) for clause in self.candidates(view)]
        return build_report(view, day, results, self.errors)


def match_profile(
    policies: Iterable[Mapping[str, Any]],
    profile: Mapping[str, Any],
    as_of: dt.date | str | None = None,
) -> MatchReport:
    """Match a company profile against policies (INGEST_JSON shape with ids) and rank the results."""
    return CandidateIndex(policies).match(profile, as_of)
