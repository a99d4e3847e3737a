"""schemathesis against /api/schema/ for each role: no 5xx and no answer outside the schema.

The schema is loaded from the Django app itself (WSGI, ``schemathesis.openapi.from_wsgi``) and every
operation is fuzzed for each role (anonymous, enterprise, reviewer, expert, admin) with a token of
that role. Path ids are drawn from the objects the role can reach (so most requests pass the
permission check and reach the validation and workflow code) as well as generated ones. Each case
is checked for: no server error, a documented status code, a documented content type, a body that
matches the documented schema; generated invalid requests (negative mode) must be refused with a 4xx.

Hypothesis is derandomised and bounded (``SCHEMATHESIS_EXAMPLES`` positive and half as many
negative cases per operation and role), so a run is reproducible and takes about a minute per
role on a loaded 2-core machine; failures of all operations are collected and reported together.

Checks not run, on purpose: ``positive_data_acceptance`` (a valid request is refused with 403 for a
role without the right, or 409 for an application in another state: that is the workflow, not a
schema violation), and the stateful checks (``use_after_free``, ``ensure_resource_availability``,
``ignored_auth``) that need schemathesis's own runner and links. No operation is excluded: the
destructive ones (workflow actions, uploads) run inside the test's transaction, which is rolled back.
"""

from __future__ import annotations

import os
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode, checks

from accounts.roles import Role
from applications import workflow
from tests.applications.conftest import World, world  # noqa: F401  (fixture)

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "15"))
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]
NEGATIVE_CHECKS = [*CHECKS, checks.negative_data_rejection]
ROLES = ["anonymous", Role.ENTERPRISE, Role.REVIEWER, Role.EXPERT, Role.ADMIN]
SEED_DOCUMENT = "000_916931dd2882f5e0.txt"


@pytest.fixture(scope="module")
def api_schema(django_db_blocker):
    with django_db_blocker.unblock():
        return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


def _ids(w: World) -> dict[str, list[int]]:
    """Objects of every kind the API serves: applications in several states, a policy, an ingest run."""
    from pathlib import Path

    from ingest.models import IngestRun
    from ingest.services import upload

    apps = [w.application(state).pk for state in (workflow.DRAFT, workflow.SUBMITTED, workflow.EXPERT_REVIEW)]
    apps.append(w.application(workflow.RETURNED).pk)
    seed = Path(__file__).resolve().parents[2] / "fixtures" / "seeds" / SEED_DOCUMENT
    document, run = upload(seed.read_bytes(), seed.name, w.admin)
    run = run or IngestRun.objects.filter(document=document).latest("pk")
    return {
        "/api/applications/": apps,
        "/api/policies/": [w.clause.policy_id],
        "/api/ingest/documents/": [document.pk],
        "/api/ingest/runs/": [run.pk],
    }


def _user(w: World, role: str):
    return {
        Role.ENTERPRISE: w.user_a,
        Role.REVIEWER: w.reviewer,
        Role.EXPERT: w.expert,
        Role.ADMIN: w.admin,
    }.get(role)


def _strategy(operation, ids: dict[str, list[int]], mode: GenerationMode):
    generated = operation.as_strategy(generation_mode=mode)
    if "{id}" not in operation.path or mode is GenerationMode.NEGATIVE:
        return generated
    known = next(v for prefix, v in ids.items() if operation.path.startswith(prefix))
    pinned = st.sampled_from(known).flatmap(
        lambda pk: operation.as_strategy(generation_mode=mode, path_parameters={"id": pk})
    )
    return st.one_of(pinned, pinned, pinned, generated)


@pytest.fixture
def keep_connection():
    """The WSGI handler closes the database connection at the end of each request, as in production;
    the test's transaction lives on that connection, so keep it open (Django's test client does so)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("role", ROLES)
def test_every_operation_conforms_for_role(api_schema, world, role, settings, keep_connection):  # noqa: F811
    settings.ALLOWED_HOSTS = ["*"]
    ids = _ids(world)
    user = _user(world, role)
    headers = {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"} if user else {}
    counts: Counter[str] = Counter()
    failures: list[str] = []

    for operation in api_schema.get_all_operations():
        operation = operation.ok()
        for mode, budget, run_checks in (
            (GenerationMode.POSITIVE, EXAMPLES, CHECKS),
            (GenerationMode.NEGATIVE, max(EXAMPLES // 2, 1), NEGATIVE_CHECKS),
        ):
            try:
                _fuzz(_strategy(operation, ids, mode), budget, headers, run_checks, counts, mode.value)
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE  # an operation without inputs has no invalid request
            except (
                Exception,
                BaseExceptionGroup,
            ) as exc:  # every operation runs; all failures are reported at the end
                failures.append(f"{operation.label} [{mode.value}]: {exc}")

    print(f"\nschemathesis {role}: {dict(counts)} cases, {len(failures)} failing operations")
    assert not failures, "\n\n".join(failures)


def _fuzz(strategy, budget: int, headers: dict, run_checks: list, counts: Counter, mode: str) -> None:
    @hypothesis_settings(
        max_examples=budget,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        counts[mode] += 1
        response = case.call(headers=headers)
        case.validate_response(response, checks=run_checks, headers=headers)

    run()
