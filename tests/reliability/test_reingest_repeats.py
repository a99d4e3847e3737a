"""Re-ingesting a document that itself repeats a policy, however often and in whatever order its runs
execute (and when a finished run is delivered again), yields one set of drafts: each policy once.

Tasks run eagerly here; ``test_faults.py`` repeats re-ingest with a real worker and redeliveries."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest import services, tasks
from ingest.models import IngestRun
from policies.models import Clause, Policy

pytestmark = pytest.mark.django_db

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
A, B = SEED / "000_916931dd2882f5e0.txt", SEED / "002_bcbccecce1413f9b.txt"


def _document(*parts: Path, make_user):
    admin = make_user("admin")
    data = b"\n\n\n".join(p.read_bytes() for p in parts)
    document, _ = services.document_store(data, "repeats.txt", admin)
    return document, admin


def _drafts(document) -> list[tuple[str, int]]:
    return sorted((p.title, p.clauses.count()) for p in Policy.objects.filter(source_document=document))


def _counts(document) -> tuple[int, int]:
    policies = Policy.objects.filter(source_document=document)
    return policies.count(), Clause.objects.filter(policy__in=policies).count()


@pytest.mark.parametrize("parts", [(A, B, A), (B, A, A), (A, A)], ids=["ABA", "BAA", "AA"])
def test_a_repeated_policy_is_saved_once_and_reingest_keeps_one_set(make_user, parts):
    document, admin = _document(*parts, make_user=make_user)
    first = services.run_execute(services.run_create(document, admin))
    assert first.status == IngestRun.Status.SUCCEEDED, first.error
    drafts = _drafts(document)
    titles = [t for t, _ in drafts]
    assert len(titles) == len(set(titles)) == len(set(parts))  # each policy once
    assert any("重复出现" in w["message"] for w in first.warnings)
    counts = _counts(document)

    runs = [services.run_create(document, admin) for _ in range(3)]
    for run in (runs[2], runs[0], runs[1]):  # runs finishing out of order
        assert services.run_execute(run).status == IngestRun.Status.SUCCEEDED
        assert _drafts(document) == drafts
        assert _counts(document) == counts
    for run in runs:  # a finished run delivered again does nothing
        assert tasks.run_ingest(run.pk) == IngestRun.Status.SUCCEEDED
    assert _drafts(document) == drafts and _counts(document) == counts


def test_two_different_policies_of_one_file_both_stay(make_user):
    """Only a repeat inside one file is dropped; two different policies of one file both stay."""
    document, admin = _document(A, B, make_user=make_user)
    services.run_execute(services.run_create(document, admin))
    assert len(_drafts(document)) == 2
