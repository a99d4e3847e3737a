"""The dashboard's cache key is the company's BoardStamp, raised by database triggers with every write
of its stored results and answers, whatever the path: each path below shows fresh data on /me/ at
once, with no policy change (which would renew the page generation anyway)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from eligibility.models import BoardStamp, Declaration, MatchResult
from eligibility.selectors import company_for_user_stamped
from eligibility.services import policy_results_clear, rematch_company
from policies import pagecache

from .conftest import BEIJING_CHAOYANG

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(store_board):
    return store_board


def version(company) -> int:
    stamp = BoardStamp.objects.filter(company=company).first()
    return stamp.version if stamp else 0


def total(client) -> str:
    body = client.get("/me/").content.decode()
    found = re.search(r'data-testid="total">([^<]+)<', body)
    return found.group(1) if found else ""


def test_every_kind_of_write_raises_the_stamp_of_its_companies_only(setup, enterprise):
    _, _, company = setup
    _, other = enterprise({**BEIJING_CHAOYANG, "employees": 80})
    rematch_company(other.pk)
    seen = [version(company)]
    other_before = version(other)

    def raised() -> bool:
        now = version(company)
        grew = now > seen[-1]
        seen.append(now)
        return grew

    assert seen[0] > 0  # the first rematch inserted results
    MatchResult.objects.filter(company=company).update(status=MatchResult.Status.INELIGIBLE)
    assert raised()
    Declaration.objects.create(company=company, key="flagship_store", question="?", value=True)
    assert raised()
    Declaration.objects.filter(company=company).update(value=False)
    assert raised()
    Declaration.objects.filter(company=company).delete()
    assert raised()
    MatchResult.objects.filter(company=company).first().delete()
    assert raised()
    assert version(other) == other_before  # nothing of the other company was written
    MatchResult.objects.filter(company=company).first().clause.delete()  # cascades to both companies
    assert raised()
    assert version(other) > other_before
    MatchResult.objects.filter(company=company).update(status=MatchResult.Status.ELIGIBLE)
    assert version(company) == seen[-1]  # no row left to update: nothing changed
    rematch_company(company.pk)  # the remaining clause's result stored again
    assert raised()
    assert company_for_user_stamped(company.membership_set.first().user)[1] == (version(company),)


def test_each_write_path_shows_fresh_data_on_the_dashboard(client, setup, monkeypatch):
    policy, user, company = setup
    client.force_login(user)
    generation = pagecache.generation()
    assert total(client) == "10万元"
    assert total(client) == "10万元"  # served from the cache

    client.post(reverse("eligibility:answer"), {"key": "flagship_store", "value": "是"})
    assert total(client) == "210万元"
    client.post(reverse("eligibility:answer"), {"key": "flagship_store", "clear": "1"})
    assert total(client) == "10万元"

    profile = company.profile
    profile.data = {**profile.data, "employees": 10}
    profile.save()
    rematch_company(company.pk)  # the result of 普惠支持 is rewritten: no longer eligible
    assert total(client) != "10万元"
    profile.data = {**profile.data, "employees": 80}
    profile.save()
    rematch_company(company.pk)
    assert total(client) == "10万元"

    MatchResult.objects.filter(company=company).update(amount_yuan=300_000)  # as the admin may
    assert total(client) != "10万元"
    rematch_company(company.pk)
    assert total(client) == "10万元"

    assert policy_results_clear(policy.pk) > 0  # a policy's results deleted on their own
    assert total(client) == "0元"  # no result left
    assert pagecache.generation() == generation  # none of this renewed the page generation


def test_the_written_out_company_read_matches_the_orms(setup, make_user):
    from accounts.roles import Role
    from eligibility.models import Company

    _, user, company = setup
    found, stamp = company_for_user_stamped(user)
    expected = Company.objects.select_related("profile").get(pk=company.pk)
    for model_fields, ours, theirs in (
        (Company._meta.concrete_fields, found, expected),
        (type(expected.profile)._meta.concrete_fields, found.profile, expected.profile),
    ):
        assert [getattr(ours, f.attname) for f in model_fields] == [
            getattr(theirs, f.attname) for f in model_fields
        ]
    assert found.profile.company is found and stamp == (version(company),)
    assert company_for_user_stamped(make_user(Role.ENTERPRISE)) == (None, ())  # no company yet
