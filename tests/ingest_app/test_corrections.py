"""Corrections: saved with who and when, shown on public pages and the API, kept across re-ingest."""

import sys
import types

import pytest
from django.urls import reverse

from ingest import services
from ingest.forms import (
    BenefitRowForm,
    ClauseCorrectionForm,
    ConditionRowForm,
    PolicyCorrectionForm,
    condition_rows,
)
from policies.models import Clause, ClauseCorrection, Policy

from .docs import POLICY_V1

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(admin):
    document, _ = services.document_store(POLICY_V1.encode(), "v1.txt", admin)
    run = services.ingest_document(document, publish=True, user=admin)
    assert run.status == "succeeded", run.error
    return Policy.objects.get(source_document=document)


def clause_form(clause: Clause, benefits: dict | None = None, **changes) -> dict:
    """The edit form as the page posts it: fields, benefit rows and condition rows (prefilled)."""
    data = {k: ("" if v is None else v) for k, v in ClauseCorrectionForm.initial_for(clause).items()}
    rows = [BenefitRowForm.initial_for(r) for r in services.clause_benefits(clause)]
    leaves, _ = condition_rows(clause.conditions)
    conds = [ConditionRowForm.initial_for(leaf) for leaf in leaves]
    for prefix, items, extra in (("benefit", rows, 1), ("cond", conds, 2)):
        data.update({f"{prefix}-TOTAL_FORMS": len(items) + extra, f"{prefix}-INITIAL_FORMS": len(items)})
        for i, item in enumerate(items):
            for k, v in item.items():
                if v not in (None, False):
                    data[f"{prefix}-{i}-{k}"] = "on" if v is True else v
    data.update(benefits or {})
    return {**data, **changes}


def test_clause_correction_is_recorded_and_shown_everywhere(admin_client, admin, published):
    clause = published.clauses.get(number="第二条")
    assert clause.max_amount_yuan == 1_000_000
    response = admin_client.post(
        reverse("ingest:clause_edit", args=[clause.pk]),
        clause_form(clause, max_amount_yuan="1500000", ratios="35%"),
    )
    assert response.status_code == 302
    corrections = {c.field: c for c in ClauseCorrection.objects.filter(clause=clause)}
    assert (
        {"max_amount_yuan", "ratios"}
        <= set(corrections)
        <= {"max_amount_yuan", "ratios", "benefits", "amounts_yuan"}
    )
    assert corrections["max_amount_yuan"].old == 1_000_000 and corrections["max_amount_yuan"].new == 1_500_000
    assert corrections["ratios"].new == [0.35]
    assert all(c.user == admin and c.at for c in corrections.values())
    clause.refresh_from_db()
    assert clause.max_amount_yuan == 1_500_000 and clause.version >= 3

    public = admin_client.get(reverse("policies:detail", args=[published.pk])).content.decode()
    assert "150万元" in public
    api = admin_client.get(f"/api/policies/{published.pk}/").json()
    api_clause = next(c for c in api["clauses"] if c["number"] == "第二条")
    assert api_clause["max_amount_yuan"] == 1_500_000 and api_clause["ratios"] == [0.35]

    review = admin_client.get(reverse("ingest:review", args=[published.pk])).content.decode()
    assert "已更正" in review and str(admin) in review and "150万元" in review


def test_corrections_survive_reingest(admin, published):
    clause = published.clauses.get(number="第三条")
    services.clause_correct(clause, "max_amount_yuan", 600_000, admin)
    services.clause_correct(clause, "number", "第三条(人才)", admin)
    services.policy_correct(published, "region", "朝阳区(含中关村朝阳园)", admin)
    count = published.clauses.count()

    run = services.ingest_document(published.source_document, user=admin)
    assert run.status == "succeeded", run.error
    published.refresh_from_db()
    clause.refresh_from_db()
    assert published.clauses.count() == count
    assert clause.max_amount_yuan == 600_000 and clause.number == "第三条(人才)"
    assert published.region == "朝阳区(含中关村朝阳园)"
    assert published.status == Policy.Status.PUBLISHED
    assert Policy.objects.count() == 1


def test_form_keeps_what_was_typed_and_explains_in_chinese(admin_client, published):
    clause = published.clauses.get(number="第二条")
    response = admin_client.post(
        reverse("ingest:clause_edit", args=[clause.pk]),
        clause_form(
            clause,
            max_amount_yuan="一百万",
            **{"cond-0-fact": "employees", "cond-0-op": "gte", "cond-0-value": "很多"},
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "一百万" in body and "应为金额" in body
    assert "很多" in body and "应为数字" in body
    assert not ClauseCorrection.objects.exists()


def test_the_form_has_no_json_and_reads_amounts_in_wan(admin_client, published):
    clause = published.clauses.get(number="第二条")
    page = admin_client.get(reverse("ingest:clause_edit", args=[clause.pk])).content.decode()
    assert not any(key in page for key in ('"kind":', '"cap_yuan":', '"op":', '"fact":', '"evidence":'))
    assert 'value="100万"' in page
    assert "奖励" in page or "资金支持" in page
    response = admin_client.post(
        reverse("ingest:clause_edit", args=[clause.pk]), clause_form(clause, max_amount_yuan="300万")
    )
    assert response.status_code == 302
    clause.refresh_from_db()
    assert clause.max_amount_yuan == 3_000_000


def test_a_corrected_benefit_cap_is_the_one_cap_shown_everywhere(admin_client, published):
    clause = published.clauses.get(number="第二条")
    old = clause.max_amount_yuan
    assert any(b.cap_yuan == old for b in clause.benefits.all())
    response = admin_client.post(
        reverse("ingest:clause_edit", args=[clause.pk]),
        clause_form(clause, **{"benefit-0-cap_yuan": "300万"}),
    )
    assert response.status_code == 302
    clause.refresh_from_db()
    assert clause.max_amount_yuan == 3_000_000
    assert next(b.cap_yuan for b in clause.benefits.all()) == 3_000_000
    assert old not in clause.amounts_yuan
    public = admin_client.get(reverse("policies:detail", args=[published.pk])).content.decode()
    assert "最高 300万元" in public and "上限 300万元" in public
    assert "最高 100万元" not in public and "上限 100万元" not in public


def test_policy_fields_can_be_corrected(admin_client, admin, published):
    data = {k: ("" if v is None else v) for k, v in PolicyCorrectionForm.initial_for(published).items()}
    data.update(doc_number="朝科信发〔2026〕1号", effective_from="2026-01-01", is_draft="")
    response = admin_client.post(reverse("ingest:policy_edit", args=[published.pk]), data)
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.doc_number == "朝科信发〔2026〕1号" and str(published.effective_from) == "2026-01-01"
    assert ClauseCorrection.objects.filter(clause=None, field="doc_number", user=admin).exists()
    public = admin_client.get(reverse("policies:detail", args=[published.pk])).content.decode()
    assert "朝科信发〔2026〕1号" in public

    bad = {**data, "effective_until": "明年"}
    response = admin_client.post(reverse("ingest:policy_edit", args=[published.pk]), bad)
    assert response.status_code == 400 and "明年" in response.content.decode()


def test_publishing_and_corrections_queue_rematching_when_the_task_exists(
    admin, published, django_capture_on_commit_callbacks
):
    from django.db import connection

    from outbox.models import OutboxMessage

    # The fixture's publishing stands for an earlier, committed transaction: forget its callbacks.
    connection.run_on_commit.clear()
    OutboxMessage.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False):
        services.clause_correct(published.clauses.get(number="第二条"), "max_amount_yuan", 1, admin)
    recorded = list(OutboxMessage.objects.values_list("task", "args"))
    assert recorded == [("eligibility.rematch_for_policy", [published.pk])]


def test_without_the_rematch_task_nothing_breaks(
    admin, published, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setitem(sys.modules, "eligibility.tasks", types.ModuleType("eligibility.tasks"))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.clause_correct(published.clauses.get(number="第二条"), "max_amount_yuan", 2, admin)
