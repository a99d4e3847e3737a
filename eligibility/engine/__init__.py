"""The matching engine: plain Python (no Django) that matches company profiles to policy clauses.

``match_profile(policies, profile, as_of)`` ranks every clause for one company;
``CandidateIndex(policies).match(profile, as_of)`` does the same with the compiled index kept for
many companies; ``match_clause(clause, policy, profile, as_of)`` matches one clause.
"""

from .conditions import CompiledCondition, ConditionError, compile_condition, prepare
from .estimate import Estimate
from .index import CandidateIndex, match_profile
from .match import ClauseResult, MissingFact, Reason, compile_policy, match_clause
from .regions import RegionSpec, policy_region, region_spec
from .report import MatchReport, Unlock
from .stacking import is_exclusive

__all__ = [
    "CandidateIndex",
    "ClauseResult",
    "CompiledCondition",
    "ConditionError",
    "Estimate",
    "MatchReport",
    "MissingFact",
    "Reason",
    "RegionSpec",
    "Unlock",
    "compile_condition",
    "compile_policy",
    "is_exclusive",
    "match_clause",
    "match_profile",
    "policy_region",
    "prepare",
    "region_spec",
]
