"""Stored results: recomputed on profile change and on publishing, idempotent, notifying new matches."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from accounts.models import Notification
from eligibility import services
from eligibility.models import Company, MatchResult, Membership
from eligibility.services import profile_update
from policies.models import Policy

from .conftest import BEIJING_CHAOYANG, CHANGCHUN_CHAOYANG, make_policy, money_clause

pytestmark = pytest.mark.django_db

HIGH_TECH = {"fact": "qualifications", "op": "contains", "value": "国家高新技术企业"}
STAFF_50 = {"fact": "employees", "op": "gte", "value": 50}


def statuses(company: Company) -> dict[int, str]:
    return dict(MatchResult.objects.filter(company=company).values_list("clause_id", "status"))


def test_profile_change_recomputes_the_company(enterprise, django_capture_on_commit_callbacks):
    policy = make_policy(money_clause(1_000_000, HIGH_TECH), money_clause(500_000, STAFF_50))
    high_tech, staff = policy.clauses.order_by("order")
    user, company = enterprise()
    with django_capture_on_commit_callbacks(execute=True):
        profile_update(company, {**BEIJING_CHAOYANG, "employees": 80}, user)
    rows = {r.clause_id: r for r in MatchResult.objects.filter(company=company)}
    assert rows[staff.pk].status == "eligible"
    assert rows[staff.pk].estimate == {"max_yuan": 500_000, "yuan": None}
    assert rows[staff.pk].amount_yuan == 500_000
    assert rows[high_tech.pk].status == "possible"
    assert [m["fact"] for m in rows[high_tech.pk].missing if m["decisive"]] == ["qualifications"]
    company.profile.refresh_from_db()
    assert {r.profile_version for r in rows.values()} == {company.profile.version}
    assert {r.clause_version for r in rows.values()} == {1}

    with django_capture_on_commit_callbacks(execute=True):
        profile_update(
            company,
            {**BEIJING_CHAOYANG, "employees": 20, "qualifications": [{"name": "国家高新技术企业"}]},
            user,
        )
    assert statuses(company) == {high_tech.pk: "eligible", staff.pk: "ineligible"}


def test_publishing_a_policy_recomputes_every_company(enterprise, django_capture_on_commit_callbacks):
    _, here = enterprise(profile={**BEIJING_CHAOYANG, "employees": 80})
    _, there = enterprise(profile={**CHANGCHUN_CHAOYANG, "employees": 80})
    with django_capture_on_commit_callbacks(execute=True):
        policy = make_policy(money_clause(500_000, STAFF_50), status=Policy.Status.DRAFT)
    assert not MatchResult.objects.exists()  # drafts are not matched
    with django_capture_on_commit_callbacks(execute=True):
        policy.status = Policy.Status.PUBLISHED
        policy.save()
    clause = policy.clauses.get()
    assert statuses(here) == {clause.pk: "eligible"}
    assert statuses(there) == {}  # 长春市朝阳区 is not 北京市朝阳区: not even a candidate

    with django_capture_on_commit_callbacks(execute=True):
        clause.conditions = {"fact": "employees", "op": "gte", "value": 100}
        clause.version = 2
        clause.save()
    row = MatchResult.objects.get(company=here)
    assert (row.status, row.clause_version) == ("ineligible", 2)

    with django_capture_on_commit_callbacks(execute=True):
        policy.status = Policy.Status.ARCHIVED
        policy.save()
    assert not MatchResult.objects.exists()


def test_recomputing_is_idempotent_and_notifies_once(enterprise, make_user):
    policy = make_policy(money_clause(500_000, STAFF_50))
    user, company = enterprise(profile={**BEIJING_CHAOYANG, "employees": 80})
    colleague = make_user()
    Membership.objects.create(company=company, user=colleague)
    first = services.rematch_company(company.pk)
    ids = set(MatchResult.objects.values_list("id", flat=True))
    assert first.rows == 1 and first.notified == [company.pk]
    notices = Notification.objects.filter(verb="new_match")
    assert sorted(n.recipient_id for n in notices) == sorted([user.pk, colleague.pk])
    notice = notices.get(recipient=user)
    assert (
        "最高 50万元" in notice.body
        and "第3条" in notice.body
        and notice.link == f"/me/clauses/{policy.clauses.get().pk}/"
    )

    again = services.rematch_company(company.pk)
    services.rematch_policy_companies(policy.pk, [company.pk])
    assert again.notified == []
    assert set(MatchResult.objects.values_list("id", flat=True)) == ids
    assert Notification.objects.filter(verb="new_match").count() == 2  # one each, not again


def test_moving_away_removes_results_of_clauses_that_no_longer_apply(enterprise):
    make_policy(money_clause(500_000, STAFF_50))
    _, company = enterprise(profile={**BEIJING_CHAOYANG, "employees": 80})
    services.rematch_company(company.pk)
    assert len(statuses(company)) == 1
    profile = company.profile
    profile.data = {**profile.data, **CHANGCHUN_CHAOYANG}
    profile.save()
    summary = services.rematch_company(company.pk)
    assert summary.removed == 1 and statuses(company) == {}


def test_policy_task_fans_out_in_chunks(enterprise, monkeypatch, django_capture_on_commit_callbacks):
    from eligibility import tasks

    monkeypatch.setattr(tasks, "CHUNK", 2)
    companies = [enterprise(profile={**BEIJING_CHAOYANG, "employees": 80})[1] for _ in range(5)]
    seen = []
    real = tasks.rematch_policy_companies.run
    monkeypatch.setattr(
        tasks.rematch_policy_companies, "run", lambda pid, ids: seen.append(ids) or real(pid, ids)
    )
    with django_capture_on_commit_callbacks(execute=True):
        make_policy(money_clause(500_000, STAFF_50))
    assert [len(chunk) for chunk in seen] == [2, 2, 1]
    assert all(statuses(c) for c in companies)


def test_not_in_force_is_stored_as_such(enterprise):
    import datetime as dt

    make_policy(money_clause(500_000, STAFF_50), effective_until=dt.date(2020, 12, 31))
    _, company = enterprise(profile={**BEIJING_CHAOYANG, "employees": 80})
    services.rematch_company(company.pk)
    assert list(statuses(company).values()) == ["not_in_force"]
    assert not Notification.objects.exists()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_profile_change_rematches_through_a_real_worker(live_worker, enterprise):
    make_policy(money_clause(500_000, STAFF_50))
    user, company = enterprise()
    assert not connection.in_atomic_block
    profile_update(company, {**BEIJING_CHAOYANG, "employees": 80}, user)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not MatchResult.objects.filter(company=company).exists():
        time.sleep(0.2)
    row = MatchResult.objects.get(company=company)
    assert row.status == "eligible"
    assert Notification.objects.filter(recipient=user, verb="new_match").count() == 1
