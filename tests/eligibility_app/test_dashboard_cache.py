"""/me/ keeps each user's rendered board in the cache (Redis under scripts/test): a new result, answer
or policy change shows at once, the forms carry the visitor's own working CSRF token, and nothing
of one company reaches another."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from eligibility.services import rematch_company
from eligibility.views import CSRF_STAND_IN

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(store_board):
    return store_board


def total(body: str) -> str:
    return re.search(r'data-testid="total">([^<]+)<', body).group(1)


def test_a_cached_board_follows_answers_results_and_policy_edits(
    client, setup, django_assert_max_num_queries
):
    policy, user, company = setup
    client.force_login(user)
    first = client.get("/me/").content.decode()
    assert total(first) == "10万元"
    with django_assert_max_num_queries(8):  # served from the cache: the results are not read again
        assert total(client.get("/me/").content.decode()) == "10万元"

    client.post(reverse("eligibility:answer"), {"key": "flagship_store", "value": "是"})
    assert total(client.get("/me/").content.decode()) == "210万元"

    policy.title = "朝阳区商贸支持办法(修订)"
    policy.save()
    assert "朝阳区商贸支持办法(修订)" in client.get("/me/").content.decode()

    clause = policy.clauses.get(heading="普惠支持")
    clause.conditions = {"fact": "employees", "op": "gte", "value": 500}
    clause.save()
    rematch_company(company.pk)
    assert total(client.get("/me/").content.decode()) == "200万元"


def test_the_forms_carry_the_visitors_own_working_token(setup, enterprise):
    _, user, company = setup
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/me/")  # builds the cached board
    body = client.get("/me/").content.decode()  # served from it
    assert CSRF_STAND_IN not in body
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert tokens
    response = client.post(
        reverse("eligibility:answer"),
        {"key": "flagship_store", "value": "是", "csrfmiddlewaretoken": tokens[-1]},
    )
    assert response.status_code == 302
    assert total(client.get("/me/").content.decode()) == "210万元"

    other_user, other = enterprise({"province": "吉林省", "city": "长春市", "district": "朝阳区"})
    rematch_company(other.pk)
    client.force_login(other_user)
    theirs = client.get("/me/").content.decode()
    assert total(theirs) == "0元" and "旗舰店补助" not in theirs and company.name not in theirs
