"""The condition language, compiled once into closures and evaluated in three-valued (Kleene) logic.

A condition is ``{"all": [...]}``, ``{"any": [...]}``, ``{"not": ...}`` or a leaf
``{"fact": NAME, "op": OP, "value": V}``. Outcomes are True, False or None (unknown). A fact that is
absent from the profile (or null, or of the wrong type) is unknown, never false or 0.

Evaluation runs every leaf (no short circuit) so each leaf's outcome can be reported, then combines
the outcomes with a second closure tree; the same tree re-combines substituted outcomes when asking
whether a missing fact is decisive.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product
from operator import itemgetter
from typing import Any

from eligibility.facts import Fact, lookup

from . import qualifications as quals
from . import size
from .profile_input import normalise_profile
from .regions import (
    RegionSpec,
    city_key,
    clean,
    company_zones,
    district_key,
    province_key,
    region_spec,
    zone_key,
    zone_named,
)
from .text import _COMPARE_WORDS, MARKS, sentence

Outcome = bool | None
Test = Callable[[Mapping[str, Any]], Outcome]

OPS = frozenset(
    {"eq", "ne", "in", "contains", "contains_any", "gte", "gt", "lte", "lt", "is_true", "is_false"}
)
REGION_FACTS = frozenset({"province", "city", "district", "zones"})
_COMPARISONS = {
    "gte": lambda a, b: a >= b,
    "gt": lambda a, b: a > b,
    "lte": lambda a, b: a <= b,
    "lt": lambda a, b: a < b,
}

# Keys of the prepared profile view that hold normalised values (a NUL prefix cannot clash with facts).
K_PROVINCE = "\0province"
K_CITY = "\0city"
K_DISTRICT = "\0district"
K_ZONES = "\0zones"
K_QUALS = "\0qualifications"
K_LISTS = "\0list:"
K_TEXTS = "\0text:"
# The region outcomes shared by every profile in the same place (see ``_region_test``).
K_PLACE = "\0place"
K_PROBLEMS = "\0problems"
K_SIZE = "\0size_classes"
# The date of evaluation, set by the matcher on the view (facts relative to it: 注册三年以上).
K_AS_OF = "\0as_of"
# Declaration answers are facts named "declaration.<key>" (eligibility/engine/declarations.py).
DECLARATION = "declaration."


class ConditionError(ValueError):
    """A condition expression that cannot be compiled; the message names where and why."""


class _NotHeld:
    """The value of a qualification parameter for a qualification the company does not hold."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NOT_HELD"


NOT_HELD = _NotHeld()


# --- the profile view -------------------------------------------------------------------------


def prepare(profile: Mapping[str, Any]) -> dict[str, Any]:
    """A flat view of a profile: top-level keys over ``facts``, values normalised, unknowns dropped.

    Values are read as people write them (``profile_input.normalise_profile``); values that cannot be
    read are unknown and listed under ``K_PROBLEMS`` (see ``problems``). Prepare once per profile and
    evaluate every clause against the view.
    """
    if isinstance(profile, _View):
        return profile
    data, problems = normalise_profile(profile)
    view = _View(data)
    view[K_PROBLEMS] = problems
    view[K_PROVINCE], view[K_CITY], view[K_DISTRICT], view[K_ZONES], view[K_PLACE] = _place_keys(
        view.get("province"), view.get("city"), view.get("district"), view.get("zones")
    )
    view[K_QUALS] = quals.held(view.get("qualifications"))
    if view.get("above_designated_size") is None:
        derived = size.above_designated_size(view.get("industries"), view.get("revenue_last_year_yuan"))
        if derived is not None:
            view["above_designated_size"] = derived
    answers = view.get("declarations")
    if isinstance(answers, Mapping):
        for key, answer in answers.items():
            view[DECLARATION + key] = answer
    return view


def _place_keys(province: Any, city: Any, district: Any, zones: Any) -> tuple:
    """The place keys of a profile's read place fields, and its place's region outcomes (see
    ``_region_test``); kept per place, as companies share a few places."""
    try:
        key = (province, city, district, tuple(zones) if isinstance(zones, list) else zones)
        found = _PLACE_KEYS.get(key)
    except TypeError:  # not a key: worked out afresh
        key, found = None, None
    if found is None:
        ckey = city_key(city)
        keys = (province_key(province), ckey, district_key(district), company_zones(zones, district, ckey))
        found = (*keys, _place_memo(keys))
        if key is not None and len(_PLACE_KEYS) < 4096:
            _PLACE_KEYS[key] = found
    return found


_PLACE_KEYS: dict[tuple, tuple] = {}


def size_classes(view: dict[str, Any]) -> frozenset[str]:
    """The size classes a prepared profile may be in, worked out when a clause first asks."""
    found = view.get(K_SIZE)
    if found is None:
        stated = view.get("size_class")
        found = (
            frozenset((stated,))
            if stated in size.CLASSES
            else size.possible_classes(
                view.get("industries"), view.get("employees"), view.get("revenue_last_year_yuan")
            )
        )
        view[K_SIZE] = found
    return found


def at_date(view: dict[str, Any], day: dt.date) -> dict[str, Any]:
    """The view evaluated on ``day``: facts relative to the date of evaluation read it."""
    view[K_AS_OF] = day
    return view


def years_between(start: dt.date, day: dt.date) -> float:
    """Whole years from ``start`` to ``day`` plus the elapsed share of the current year.

    The anniversary counts as a full year (2023-11-21 to 2026-11-21 is 3.0; the day before is
    under 3), so 注册三年以上 holds from the third anniversary on and 不足三年 until the day before.
    """
    years = day.year - start.year - ((day.month, day.day) < (start.month, start.day))
    if years < 0:
        return (day - start).days / 365.0
    last = _anniversary(start, start.year + years)
    following = _anniversary(start, start.year + years + 1)
    return years + (day - last).days / max(1, (following - last).days)


def _anniversary(start: dt.date, year: int) -> dt.date:
    """``start``'s anniversary in ``year`` (29 February falls on 28 February in other years)."""
    try:
        return start.replace(year=year)
    except ValueError:
        return start.replace(year=year, day=28)


def problems(view: Mapping[str, Any]) -> list[str]:
    """The Chinese problems found while preparing a profile (values that could not be read)."""
    return list(view.get(K_PROBLEMS) or ())


class _View(dict):
    """A prepared profile (a dict subclass so ``prepare`` is idempotent)."""

    __slots__ = ()


# --- value coercion -----------------------------------------------------------------------------

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def as_number(value: Any) -> float | int | None:
    """A number from an int, float, Decimal or numeric string; None for bools and anything else."""
    kind = value.__class__
    if kind is int:
        return value
    if kind is float:
        return None if math.isnan(value) else value
    if kind is bool:
        return None
    if isinstance(value, (int, float, Decimal)):
        number = float(value)
        return None if math.isnan(number) else number
    if isinstance(value, str):
        text = clean(value).replace(",", "")
        try:
            number = float(text)
        except ValueError:
            return None
        return None if math.isnan(number) else number
    return None


def as_level(value: Any) -> float | int | None:
    """A qualification level from 3, "3", "3级" or "三级"."""
    number = as_number(value)
    if number is not None or not isinstance(value, str):
        return number
    match = _NUMBER.search(value)
    if match:
        return float(match.group())
    for char in value:
        if char in _CN_DIGITS:
            return _CN_DIGITS[char]
    return None


def as_date(value: Any) -> dt.date | None:
    """A date from a date, datetime or ISO string (YYYY-MM-DD...); None otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _text(value: Any) -> str | None:
    return clean(value) or None if isinstance(value, str) else None


# --- compiled objects ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Leaf:
    """One compiled leaf: what it reads, how it tests, and its sentence."""

    index: int
    fact: str
    op: str
    value: Any
    sentence: str
    test: Test
    unknown_facts: Callable[[Mapping[str, Any]], tuple[str, ...]]
    region: RegionSpec | None = None
    implicit: bool = False  # added from the policy's region, not written in the clause

    def text(self, outcome: Outcome) -> str:
        """The sentence with its outcome mark: "注册地在北京市朝阳区 ✓"."""
        return self.sentence + MARKS[outcome]


@dataclass(slots=True)
class CompiledCondition:
    """A condition compiled into leaf tests and a Kleene combiner over their outcomes."""

    leaves: tuple[Leaf, ...]
    tests: tuple[Test, ...]
    combine: Callable[[Sequence[Outcome]], Outcome]
    region: RegionSpec | None = None  # a region every match must lie in (a top-level conjunct)
    by_fact: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # Indexes of leaves that are top-level conjuncts: an unknown one is decisive whenever the whole is unknown.
    top: frozenset[int] = frozenset()

    def evaluate(self, view: Mapping[str, Any]) -> tuple[Outcome, list[Outcome]]:
        """The overall outcome and every leaf's outcome for a prepared profile view."""
        outcomes = [test(view) for test in self.tests]
        return self.combine(outcomes), outcomes

    def __call__(self, profile: Mapping[str, Any]) -> Outcome:
        """The overall outcome for a profile (prepared or not)."""
        return self.evaluate(prepare(profile))[0]

    def missing_facts(self, view: Mapping[str, Any], outcomes: Sequence[Outcome]) -> dict[str, list[int]]:
        """Each unknown fact and the unknown leaves that read it, in leaf order."""
        missing: dict[str, list[int]] = {}
        for leaf, outcome in zip(self.leaves, outcomes, strict=True):
            if outcome is None:
                for key in leaf.unknown_facts(view):
                    missing.setdefault(key, []).append(leaf.index)
        return missing

    def outcomes_when(self, outcomes: Sequence[Outcome], indexes: Sequence[int]) -> set[Outcome]:
        """The overall outcomes reachable by deciding the given unknown leaves every way.

        Up to 4 leaves are tried in all combinations; more are forced all true, then all false.
        """
        trial = list(outcomes)
        results: set[Outcome] = set()
        combos = (
            product((True, False), repeat=len(indexes))
            if len(indexes) <= 4
            else (
                (True,) * len(indexes),
                (False,) * len(indexes),
            )
        )
        for combo in combos:
            for index, value in zip(indexes, combo, strict=True):
                trial[index] = value
            results.add(self.combine(trial))
        return results


# --- Kleene combinators -------------------------------------------------------------------------


def _all(children: tuple[Callable, ...]) -> Callable[[Sequence[Outcome]], Outcome]:
    def combine(outcomes: Sequence[Outcome]) -> Outcome:
        result: Outcome = True
        for child in children:
            value = child(outcomes)
            if value is False:
                return False
            if value is None:
                result = None
        return result

    return combine


def _any(children: tuple[Callable, ...]) -> Callable[[Sequence[Outcome]], Outcome]:
    def combine(outcomes: Sequence[Outcome]) -> Outcome:
        result: Outcome = False
        for child in children:
            value = child(outcomes)
            if value is True:
                return True
            if value is None:
                result = None
        return result

    return combine


def _not(child: Callable) -> Callable[[Sequence[Outcome]], Outcome]:
    def combine(outcomes: Sequence[Outcome]) -> Outcome:
        value = child(outcomes)
        return None if value is None else not value

    return combine


def _always(outcomes: Sequence[Outcome]) -> Outcome:
    return True


def _all_leaves(indexes: tuple[int, ...]) -> Callable[[Sequence[Outcome]], Outcome]:
    """A fast AND over leaf outcomes only (outcomes are exactly True, False or None)."""

    def combine(outcomes: Sequence[Outcome]) -> Outcome:
        result: Outcome = True
        for index in indexes:
            value = outcomes[index]
            if value is False:
                return False
            if value is None:
                result = None
        return result

    return combine


# --- leaf tests ---------------------------------------------------------------------------------


def _simple_unknown(key: str) -> Callable[[Mapping[str, Any]], tuple[str, ...]]:
    facts = (key,)

    def unknown(view: Mapping[str, Any]) -> tuple[str, ...]:
        return facts

    unknown.constant = True  # the same facts whatever the profile: results may be cached by outcomes
    return unknown


def _kind_of(fact: Fact | None, op: str, value: Any) -> str:
    if fact is not None:
        if fact.type in ("money", "float"):
            return "number"
        if fact.type == "int":
            return "count" if fact.unit == "人" else "number"
        if fact.type in ("date", "bool", "list"):
            return fact.type
        return "text"
    # Not in the catalogue: infer from the operator and value.
    if op in ("is_true", "is_false") or isinstance(value, bool):
        return "bool"
    if op in _COMPARISONS:
        return "date" if isinstance(value, str) and as_date(value) is not None else "number"
    if as_number(value) is not None and not isinstance(value, str):
        return "number"
    return "text"


def _number_test(getter: Callable, op: str, value: Any, path: str, coerce=as_number) -> Test:
    if op in ("in",):
        targets = [as_number(v) for v in value]
        if any(t is None for t in targets):
            raise ConditionError(f"{path}: 'in' needs a list of numbers, got {value!r}")
        target_set = frozenset(targets)
    elif op in ("is_true", "is_false", "contains", "contains_any"):
        raise ConditionError(f"{path}: operator '{op}' does not apply to a number")
    else:
        target = as_number(value)
        if target is None:
            raise ConditionError(f"{path}: operator '{op}' needs a number, got {value!r}")

    if op in _COMPARISONS:
        compare = _COMPARISONS[op]

        def test(view):
            raw = getter(view)
            if raw is None:
                return None
            if raw is NOT_HELD:
                return False
            number = coerce(raw)
            return None if number is None else compare(number, target)

    elif op == "in":

        def test(view):
            raw = getter(view)
            if raw is None:
                return None
            if raw is NOT_HELD:
                return False
            number = coerce(raw)
            return None if number is None else number in target_set

    else:
        equal = op == "eq"

        def test(view):
            raw = getter(view)
            if raw is None:
                return None
            if raw is NOT_HELD:
                return not equal
            number = coerce(raw)
            return None if number is None else (number == target) is equal

    return test


def _date_test(getter: Callable, op: str, value: Any, path: str) -> Test:
    if op == "in":
        targets = [as_date(v) for v in value]
        if any(t is None for t in targets):
            raise ConditionError(f"{path}: 'in' needs a list of dates (YYYY-MM-DD), got {value!r}")
        target_set = frozenset(targets)
    elif op in ("is_true", "is_false", "contains", "contains_any"):
        raise ConditionError(f"{path}: operator '{op}' does not apply to a date")
    else:
        target = as_date(value)
        if target is None:
            raise ConditionError(f"{path}: operator '{op}' needs a date (YYYY-MM-DD), got {value!r}")

    def decide(day: dt.date) -> bool:
        if op in _COMPARISONS:
            return _COMPARISONS[op](day, target)
        if op == "in":
            return day in target_set
        return (day == target) is (op == "eq")

    def test(view):
        raw = getter(view)
        if raw is None:
            return None
        if raw is NOT_HELD:
            return op == "ne"
        day = as_date(raw)
        return None if day is None else decide(day)

    return test


def _bool_test(key: str, op: str, value: Any, path: str) -> Test:
    if op in ("is_true", "is_false"):
        wanted = op == "is_true"
    elif op in ("eq", "ne"):
        if not isinstance(value, bool):
            raise ConditionError(f"{path}: '{op}' on a yes/no fact needs true or false, got {value!r}")
        wanted = value if op == "eq" else not value
    else:
        raise ConditionError(f"{path}: operator '{op}' does not apply to a yes/no fact")

    def test(view):
        raw = view.get(key)
        if raw is True or raw is False:
            return raw is wanted
        return None

    return test


def _text_test(key: str, op: str, value: Any, path: str, fact: Fact | None) -> Test:
    if op in _COMPARISONS or op in ("is_true", "is_false"):
        raise ConditionError(f"{path}: operator '{op}' does not apply to the text fact '{key}'")
    many = op in ("in", "contains_any")
    values = value if many else [value]
    if not isinstance(values, list) or any(not isinstance(v, (str, int, float)) for v in values):
        raise ConditionError(f"{path}: '{op}' needs {'a list of texts' if many else 'a text'}, got {value!r}")
    targets = [clean(str(v)) for v in values]
    if fact is not None and fact.choices:
        allowed = {k for k, _ in fact.choices}
        unknown = [v for v in targets if v not in allowed]
        if unknown and op != "contains" and op != "contains_any":
            raise ConditionError(f"{path}: {unknown!r} is not a choice of '{key}' ({sorted(allowed)})")
    target_set = frozenset(targets)
    target = targets[0] if targets else ""
    cache_key = K_TEXTS + key

    def text_of(view) -> str | None:
        """The cleaned text, kept on the view: many clauses read the same fact."""
        text = view.get(cache_key, _UNREAD)
        if text is _UNREAD:
            text = view[cache_key] = _text(view.get(key))
        return text

    if op in ("eq", "ne", "in"):
        equal = op != "ne"

        def test(view):
            text = text_of(view)
            if text is None:
                return None
            return (text in target_set) is equal

    else:

        def test(view):
            text = text_of(view)
            if text is None:
                return None
            if op == "contains":
                return target in text
            return any(t in text for t in targets)

    return test


def _list_test(key: str, op: str, value: Any, path: str) -> Test:
    is_quals = key == "qualifications"
    normalise = quals.canonical if is_quals else (zone_key if key == "zones" else clean)
    if op in _COMPARISONS:
        raise ConditionError(f"{path}: operator '{op}' does not apply to the list fact '{key}'")
    if op in ("is_true", "is_false"):
        wanted = op == "is_true"

        def test(view):
            items = view.get(key)
            if not isinstance(items, (list, tuple)):
                return None
            return bool(items) is wanted

        return test
    many = op in ("in", "contains_any")
    values = value if many else [value]
    if not isinstance(values, list) or any(not isinstance(v, str) or not clean(v) for v in values):
        raise ConditionError(
            f"{path}: '{op}' on '{key}' needs {'a list of names' if many else 'a name'}, got {value!r}"
        )
    targets = frozenset(normalise(v) for v in values)
    negate = op == "ne"

    if is_quals:

        def test(view):
            held = view.get(K_QUALS)
            if held is None:
                return None
            found = not targets.isdisjoint(held) if many else next(iter(targets)) in held
            return found is not negate

        return test

    cache_key = K_LISTS + key

    def items_of(view) -> frozenset | None:
        cached = view.get(cache_key)
        if cached is not None:
            return cached
        items = view.get(key)
        if not isinstance(items, (list, tuple, set, frozenset)):
            return None
        result = frozenset(normalise(i) for i in items if isinstance(i, str))
        view[cache_key] = result
        return result

    def test(view):
        items = items_of(view)
        if items is None:
            return None
        found = not targets.isdisjoint(items)
        return found is not negate

    return test


def _qualification_getter(prefix: str, name: str) -> Callable:
    """Reads a qualification's level or date from the qualifications list (NOT_HELD if absent from it)."""
    field_name = "level" if prefix == "qualification_level" else "obtained_on"

    def getter(view):
        held = view.get(K_QUALS)
        if held is None:
            return None
        entry = held.get(name)
        if entry is None:
            return NOT_HELD
        return entry.get(field_name)

    return getter


_UNREAD = object()
_REGION_TESTS: dict[tuple, tuple[Test, Callable[[Mapping[str, Any]], tuple[str, ...]]]] = {}
_REGION_SLOTS = itertools.count()
_PLACES: dict[tuple, dict[int, Any]] = {}


def place_of(view: Mapping[str, Any]) -> tuple:
    """What region tests read of a prepared profile: its province, city and district keys and zones."""
    return (view[K_PROVINCE], view[K_CITY], view[K_DISTRICT], view[K_ZONES])


def _place_memo(place: tuple) -> dict[int, Any]:
    """The region outcomes of one place, shared by every profile there (they read nothing else)."""
    memo = _PLACES.get(place)
    if memo is None:
        memo = _PLACES.setdefault(place, {}) if len(_PLACES) < 4096 else {}
    return memo


def _region_test(spec: RegionSpec) -> tuple[Test, Callable[[Mapping[str, Any]], tuple[str, ...]]]:
    """A test that the company lies in ``spec``, and which facts leave it unknown.

    Every clause of a region shares one test; its outcome (and unknown facts) are kept per place, so
    a place is tested once for all the profiles that lie in it (see ``prepare``).
    """
    key = (spec.province, spec.city, spec.districts, spec.zones)
    found = _REGION_TESTS.get(key)
    if found is None:
        place_test, place_unknown = _place_test(spec)
        slot, unknown_slot = next(_REGION_SLOTS), next(_REGION_SLOTS)

        def test(view) -> Outcome:
            memo = view.get(K_PLACE)
            if memo is None:  # a view not made by ``prepare``
                return place_test(view)
            outcome = memo.get(slot, _UNREAD)
            if outcome is _UNREAD:
                outcome = memo[slot] = place_test(view)
            return outcome

        def unknown(view) -> tuple[str, ...]:
            memo = view.get(K_PLACE)
            if memo is None:
                return place_unknown(view)
            facts = memo.get(unknown_slot)
            if facts is None:
                facts = memo[unknown_slot] = place_unknown(view)
            return facts

        found = _REGION_TESTS.setdefault(key, (test, unknown))
    return found


def _place_test(spec: RegionSpec) -> tuple[Test, Callable[[Mapping[str, Any]], tuple[str, ...]]]:
    city, province, districts, zones = spec.city, spec.province, spec.districts, spec.zones
    # City names are unique at prefecture level, so a known city settles the province too.
    place_key, place_fact, place = (
        (K_CITY, "city", city) if city is not None else (K_PROVINCE, "province", province)
    )
    if place is None:
        place_key = None

    def place_ok(view) -> Outcome:
        if place_key is None:
            return True
        value = view[place_key]
        if value is None:
            # The city is unknown, but a known province in another province settles it.
            if place_key is K_CITY and province is not None:
                known = view[K_PROVINCE]
                if known is not None and known != province:
                    return False
            return None
        return value == place

    def district_ok(view) -> Outcome:
        placed = place_ok(view)
        if placed is False:
            return False
        district = view[K_DISTRICT]
        if district is None:
            return None
        if district not in districts:
            return False
        return placed

    def zone_ok(view) -> Outcome:
        if place_ok(view) is False:
            return (
                False  # a zone lies in one city: 北京经济技术开发区 listed by a company in 长春市 is not it
            )
        certain, maybe, known = view[K_ZONES]
        if not zones.isdisjoint(certain):
            return True
        # An unknown district may itself name the zone (district "亦庄"), so it keeps this open.
        if not known or not zones.isdisjoint(maybe) or view[K_DISTRICT] is None:
            return None
        return False

    if districts and zones:

        def test(view):
            first = district_ok(view)
            if first is True:
                return True
            second = zone_ok(view)
            if second is True:
                return True
            return None if (first is None or second is None) else False

    elif districts:
        test = district_ok
    elif zones:
        test = zone_ok
    else:
        test = place_ok

    def unknown_facts(view) -> tuple[str, ...]:
        facts: list[str] = []
        if districts or not zones:
            if place_key is not None and view[place_key] is None:
                facts.append(place_fact)
            if districts and view[K_DISTRICT] is None and place_ok(view) is not False:
                facts.append("district")
        if zones and zone_ok(view) is None:
            _certain, maybe, known = view[K_ZONES]
            if not known:
                facts.append("zones")
            elif not zones.isdisjoint(maybe):
                facts.append("city")
            elif "district" not in facts:
                facts.append("district")
        return tuple(facts)

    return test, unknown_facts


def _zone_spec(values: list[str], names: tuple[str, ...], ctx: RegionSpec | None) -> RegionSpec:
    """Zones lie in one city: the table's for known zones, else the policy's own city."""
    known = [zone_named(v) for v in values]
    places = {(z.province, z.city) for z in known if z is not None}
    if all(known) and len(places) == 1:
        pkey, ckey = places.pop()
    elif ctx is not None and not any(known):
        pkey, ckey = ctx.province, ctx.city
    else:
        pkey = ckey = None
    return RegionSpec(pkey, ckey, zones=frozenset(names), zone_names=names)


# --- the compiler -------------------------------------------------------------------------------


@dataclass(slots=True)
class _Compiler:
    strict: bool
    context: RegionSpec | None
    leaves: list[Leaf] = field(default_factory=list)

    def node(self, expr: Any, path: str) -> Callable[[Sequence[Outcome]], Outcome]:
        if not isinstance(expr, Mapping):
            raise ConditionError(f"{path}: expected an object, got {type(expr).__name__}")
        keys = set(expr) & {"all", "any", "not"}
        if "fact" in expr or "op" in expr:
            if keys:
                raise ConditionError(f"{path}: a node is either a leaf or all/any/not, not both")
            return self.leaf(expr, path)
        if len(keys) != 1:
            raise ConditionError(f"{path}: expected exactly one of all/any/not or a leaf, got {sorted(expr)}")
        (kind,) = keys
        body = expr[kind]
        if kind == "not":
            return _not(self.node(body, f"{path}.not"))
        if not isinstance(body, list):
            raise ConditionError(f"{path}.{kind}: expected a list, got {type(body).__name__}")
        start = len(self.leaves)
        children = tuple(self.node(child, f"{path}.{kind}[{i}]") for i, child in enumerate(body))
        if kind == "all" and all(isinstance(c, itemgetter) for c in children):
            return _all_leaves(tuple(range(start, len(self.leaves))))
        return _all(children) if kind == "all" else _any(children)

    def add(self, **kwargs: Any) -> Callable[[Sequence[Outcome]], Outcome]:
        leaf = Leaf(index=len(self.leaves), **kwargs)
        self.leaves.append(leaf)
        return itemgetter(leaf.index)

    def leaf(self, expr: Mapping[str, Any], path: str) -> Callable[[Sequence[Outcome]], Outcome]:
        key, op = expr.get("fact"), expr.get("op")
        if not isinstance(key, str) or not key:
            raise ConditionError(f"{path}: a leaf needs a 'fact' name, got {key!r}")
        if op not in OPS:
            raise ConditionError(f"{path}: unknown operator {op!r} (expected one of {sorted(OPS)})")
        value = expr.get("value")
        if op in ("in", "contains_any") and not isinstance(value, list):
            raise ConditionError(f"{path}: '{op}' needs a list value, got {value!r}")
        if op not in ("is_true", "is_false", "in", "contains_any") and (
            value is None or isinstance(value, (list, dict))
        ):
            raise ConditionError(f"{path}: '{op}' needs a single value, got {value!r}")
        fact = lookup(key)
        if fact is None and self.strict:
            raise ConditionError(f"{path}: unknown fact {key!r} (not in eligibility/facts.py)")
        if key in REGION_FACTS and op in ("eq", "ne", "in", "contains", "contains_any"):
            return self.region_leaf(key, op, value, path)
        kind = _kind_of(fact, op, value)
        prefix, _, name = key.partition(".")
        if prefix == "declaration":
            return self.declaration_leaf(expr, key, op, value, path)
        if key == "size_class" and op in ("eq", "in", "ne"):
            return self.size_leaf(fact, op, value, path)
        if key == "years_since_established" and op in _COMPARISONS:
            return self.age_leaf(op, value, path)
        if key == "industry_sector" and op in ("eq", "in", "ne"):
            return self.sector_leaf(fact, op, value, path)
        if name and prefix in ("qualification_level", "qualification_obtained_on"):
            canonical = quals.canonical(name) or name
            getter = _qualification_getter(prefix, canonical)
            if kind == "date":
                test = _date_test(getter, op, value, path)
            else:
                test = _number_test(getter, op, value, path, coerce=as_level)
        elif kind in ("number", "count"):
            test = _number_test(lambda view, k=key: view.get(k), op, value, path)
        elif kind == "date":
            test = _date_test(lambda view, k=key: view.get(k), op, value, path)
        elif kind == "bool":
            test = _bool_test(key, op, value, path)
        elif kind == "list":
            test = _list_test(key, op, value, path)
        else:
            test = _text_test(key, op, value, path, fact)
        shown = as_date(value) if kind == "date" and op != "in" else value
        if key == "qualifications" and op not in ("is_true", "is_false"):
            shown = (
                [quals.canonical(v) or v for v in value]
                if isinstance(value, list)
                else (quals.canonical(value) or value)
            )
        return self.add(
            fact=key,
            op=op,
            value=value,
            sentence=sentence(fact, key, op, shown, kind),
            test=test,
            unknown_facts=_simple_unknown(key),
        )

    def declaration_leaf(self, expr: Mapping[str, Any], key: str, op: str, value: Any, path: str) -> Callable:
        """A leaf reading the company's answer to a declaration question (yes/no or a number)."""
        if op in _COMPARISONS:
            test = _number_test(lambda view, k=key: view.get(k), op, value, path)
        else:
            test = _bool_test(key, op, value, path)
        words = clean(str(expr.get("text") or "")) or key.partition(".")[2]
        if op in _COMPARISONS:
            shown = f"{words}{_COMPARE_WORDS['number'][op]}{value}{expr.get('unit') or ''}"
        else:
            shown = words if op == "is_true" or (op == "eq" and value is True) else f"不属于“{words}”"
        return self.add(
            fact=key,
            op=op,
            value=value,
            sentence=f"{shown}(依据贵企业的声明)",
            test=test,
            unknown_facts=_simple_unknown(key),
        )

    def age_leaf(self, op: str, value: Any, path: str) -> Callable:
        """Years since establishment on the date of evaluation (注册三年以上, 设立不足两年)."""
        years = as_number(value)
        if years is None:
            raise ConditionError(f"{path}: years_since_established needs a number of years, got {value!r}")
        compare = _COMPARISONS[op]

        def test(view):
            start = as_date(view.get("established_on"))
            if start is None:
                return None
            day = view.get(K_AS_OF) or dt.date.today()
            return compare(years_between(start, day), years)

        words = {"gte": "成立满", "gt": "成立超过", "lte": "成立不超过", "lt": "成立不满"}[op]
        return self.add(
            fact="years_since_established",
            op=op,
            value=value,
            sentence=f"{words}{_trim_years(years)}年",
            test=test,
            unknown_facts=_simple_unknown("established_on"),
        )

    def size_leaf(self, fact: Fact | None, op: str, value: Any, path: str) -> Callable:
        """A leaf on the size class: decided when every class the known facts allow agrees."""
        targets = frozenset(value if isinstance(value, list) else [value])
        if not targets <= frozenset(size.CLASSES):
            raise ConditionError(
                f"{path}: size_class values must be among {list(size.CLASSES)}, got {value!r}"
            )
        negate = op == "ne"

        def test(view):
            found = size.decide(size_classes(view), targets)
            return None if found is None else found is not negate

        def unknown_facts(view) -> tuple[str, ...]:
            if view.get("size_class") in size.CLASSES:
                return ()
            keys = ("employees", "revenue_last_year_yuan", "industries")
            return tuple(k for k in keys if view.get(k) is None) or ("size_class",)

        return self.add(
            fact="size_class",
            op=op,
            value=value,
            sentence=sentence(fact, "size_class", op, value, "text"),
            test=test,
            unknown_facts=unknown_facts,
        )

    def sector_leaf(self, fact: Fact | None, op: str, value: Any, path: str) -> Callable:
        """A leaf on the national classification's sector, read from the company's industries."""
        targets = frozenset(value if isinstance(value, list) else [value])
        negate = op == "ne"

        def test(view):
            stated = view.get("industry_sector")
            found = (stated,) if isinstance(stated, str) else size.sectors(view.get("industries"))
            if found is None:
                return None
            return (not targets.isdisjoint(found)) is not negate

        def unknown_facts(view) -> tuple[str, ...]:
            return ("industries",)

        return self.add(
            fact="industry_sector",
            op=op,
            value=value,
            sentence=sentence(fact, "industry_sector", op, value, "text"),
            test=test,
            unknown_facts=unknown_facts,
        )

    def region_leaf(self, key: str, op: str, value: Any, path: str) -> Callable:
        values = value if isinstance(value, list) else [value]
        if not values or any(not isinstance(v, str) or not clean(v) for v in values):
            raise ConditionError(f"{path}: '{key}' needs place names, got {value!r}")
        ctx = self.context
        if key == "zones":
            names = tuple(zone_key(v) or v for v in values)
            spec = _zone_spec(values, names, ctx)
        elif key == "province":
            spec = region_spec(values[0], None, []) if len(values) == 1 else None
            if spec is None:
                return self.any_of(key, op, values, path)
        elif key == "city":
            if len(values) != 1:
                return self.any_of(key, op, values, path)
            spec = region_spec(ctx.province_name if ctx else None, values[0], [])
        else:
            spec = region_spec(ctx.province_name if ctx else None, ctx.city_name if ctx else None, values)
        test, unknown = _region_test(spec)
        text = spec.sentence()
        if op == "ne":
            inner = test
            test = lambda view: None if (v := inner(view)) is None else not v  # noqa: E731
            text = text.replace("注册地在", "注册地不在").replace("位于", "不位于")
        return self.add(
            fact=key,
            op=op,
            value=value,
            sentence=text,
            test=test,
            unknown_facts=unknown,
            region=spec if op != "ne" else None,
        )

    def any_of(self, key: str, op: str, values: list[str], path: str) -> Callable:
        """Several provinces or cities in one leaf: one region leaf per name, joined by any."""
        leaf_op = "ne" if op == "ne" else "eq"
        children = tuple(self.region_leaf(key, leaf_op, v, path) for v in values)
        return _all(children) if op == "ne" else _any(children)


def _trim_years(years: float | int) -> str:
    return str(int(years)) if float(years).is_integer() else f"{years:g}"


def _key(expr: Any) -> str | None:
    try:
        return json.dumps(expr, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        return None


def _is_group(expr: Any, kind: str) -> bool:
    return isinstance(expr, Mapping) and set(expr) == {kind} and isinstance(expr[kind], list)


def _implied_place(leaf: Any, siblings: list[Any], context: RegionSpec | None) -> bool:
    """A province (or city) leaf naming the policy's own province (city) beside a narrower place leaf."""
    if context is None or not isinstance(leaf, Mapping) or leaf.get("op") not in ("eq", "in"):
        return False
    fact, value = leaf.get("fact"), leaf.get("value")
    values = value if isinstance(value, list) else [value]
    if fact == "province":
        narrower, own = ("city", "district", "zones"), {context.province}
        keys = {province_key(v) for v in values}
    elif fact == "city":
        narrower, own = ("district", "zones"), {context.city}
        keys = {city_key(v) for v in values}
    else:
        return False
    if keys != own or None in own:
        return False
    return any(
        isinstance(s, Mapping)
        and s.get("fact") in narrower
        and s.get("op") in ("eq", "in", "contains", "contains_any")
        for s in siblings
    )


def simplify(expr: Any, context: RegionSpec | None = None) -> Any:
    """Flatten nested all/any, drop repeated children, and drop place leaves a narrower one implies.

    Parent items' conditions are joined with their sub-items' (which often repeat the policy's scope),
    and extraction writes province, city and district leaves side by side; without this the reasons
    would repeat "注册地在北京市". Every transformation keeps the condition's meaning.
    """
    if isinstance(expr, Mapping) and set(expr) == {"not"}:
        return {"not": simplify(expr["not"], context)}
    for kind in ("all", "any"):
        if not _is_group(expr, kind):
            continue
        children: list[Any] = []
        for child in expr[kind]:
            child = simplify(child, context)
            children.extend(child[kind] if _is_group(child, kind) else [child])
        unique: list[Any] = []
        seen: set[str] = set()
        for child in children:
            key = _key(child)
            if key is not None and key in seen:
                continue
            if key is not None:
                seen.add(key)
            unique.append(child)
        if kind == "all":
            unique = [c for c in unique if not _implied_place(c, unique, context)]
        return {kind: unique}
    return expr


def compile_condition(
    expr: Mapping[str, Any] | None,
    *,
    context: RegionSpec | None = None,
    implicit_region: RegionSpec | None = None,
    strict: bool = True,
) -> CompiledCondition:
    """Compile a condition once into a callable; raise ConditionError on an invalid expression.

    ``context`` is the policy's region, used to read district names in the right province and city;
    ``implicit_region`` is added as a top-level conjunct when the expression names no place itself.
    ``strict`` rejects facts missing from the catalogue.
    """
    expr = simplify(expr, context)
    compiler = _Compiler(strict=strict, context=context)
    root: Callable[[Sequence[Outcome]], Outcome]
    root = _always if not expr else compiler.node(expr, "conditions")
    top: list[Leaf] = _top_conjuncts(compiler.leaves, expr)
    names_place = any(leaf.fact in REGION_FACTS for leaf in compiler.leaves)
    if implicit_region is not None and not names_place:
        test, unknown = _region_test(implicit_region)
        leaf = Leaf(
            index=len(compiler.leaves),
            fact="zones" if implicit_region.zones and not implicit_region.districts else "district",
            op="in",
            value=list(implicit_region.district_names or implicit_region.zone_names)
            or [implicit_region.city_name or implicit_region.province_name],
            sentence=implicit_region.sentence(),
            test=test,
            unknown_facts=unknown,
            region=implicit_region,
            implicit=True,
        )
        compiler.leaves.append(leaf)
        top.append(leaf)
        root = _all((root, itemgetter(leaf.index)))
    region = _most_specific([leaf.region for leaf in top if leaf.region is not None])
    by_fact: dict[str, list[int]] = {}
    for leaf in compiler.leaves:
        by_fact.setdefault(leaf.fact, []).append(leaf.index)
    return CompiledCondition(
        leaves=tuple(compiler.leaves),
        tests=tuple(leaf.test for leaf in compiler.leaves),
        combine=root,
        region=region,
        by_fact={k: tuple(v) for k, v in by_fact.items()},
        top=frozenset(leaf.index for leaf in top),
    )


def _most_specific(specs: list[RegionSpec]) -> RegionSpec | None:
    """The narrowest of several required regions: districts or zones, then a city, then a province."""
    if not specs:
        return None
    return max(
        specs, key=lambda s: (bool(s.districts or s.zones), s.city is not None, s.province is not None)
    )


def _top_conjuncts(leaves: list[Leaf], expr: Mapping[str, Any] | None) -> list[Leaf]:
    """The leaves that are top-level conjuncts: every match must satisfy each of them."""
    if not expr:
        return []
    if "fact" in expr:
        return leaves[:1]
    if "all" not in expr:
        return []
    # Walk the top-level "all" in order; leaf indexes follow the expression's order.
    result: list[Leaf] = []
    index = 0
    for child in expr["all"]:
        count = _leaf_count(child)
        if isinstance(child, Mapping) and "fact" in child and count == 1:
            result.append(leaves[index])
        index += count
    return result


def _leaf_count(expr: Any) -> int:
    if not isinstance(expr, Mapping):
        return 0
    if "fact" in expr:
        value = expr.get("value")
        if expr.get("fact") in ("province", "city") and isinstance(value, list) and len(value) > 1:
            return len(value)
        return 1
    if "not" in expr:
        return _leaf_count(expr["not"])
    body = expr.get("all", expr.get("any", []))
    return sum(_leaf_count(child) for child in body) if isinstance(body, list) else 0
