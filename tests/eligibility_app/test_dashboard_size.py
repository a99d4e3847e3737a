"""A company with many results: /me/ shows the questions worth most and the best possible results,
says how many more there are, shows them in full on request, and its queries do not grow with them."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from eligibility.selectors import POSSIBLE_SHOWN, QUESTIONS_SHOWN
from eligibility.services import rematch_company

from .conftest import BEIJING_CHAOYANG, make_policy, money_clause

pytestmark = pytest.mark.django_db


def asks(n: int, answer_type: str = "bool") -> dict:
    question = f"贵企业是否满足第{n}项专门条件?" if answer_type == "bool" else f"贵企业第{n}项指标是多少?"
    extra = {"op": "gte", "value": 10, "unit": "项"} if answer_type == "number" else {}
    return {"kind": "declaration", "key": f"cond_{n}", "question": question, "answer_type": answer_type,
            "text": question, "span": [0, 4], "modelled": False, **extra}  # fmt: skip


def clauses(count: int, start: int = 0) -> list[dict]:
    """Support clauses each asking a question of its own (so each is possible), amounts decreasing."""
    return [
        money_clause(
            (1000 - n) * 10_000,
            requirements=[asks(n, "number" if n == count - 1 else "bool")],
            heading=f"专项支持第{n}项",
        )
        for n in range(start, start + count)
    ]


@pytest.fixture
def company_with(enterprise, client):
    def make(count: int, policies: int = 2):
        per = count // policies
        for p in range(policies):
            make_policy(*clauses(per, start=p * per), title=f"朝阳区专项支持办法之{p + 1}")
        user, company = enterprise(BEIJING_CHAOYANG)
        rematch_company(company.pk)
        client.force_login(user)
        return company

    return make


def _questions(body: str) -> list[str]:
    return re.findall(r'<li class="question" data-key="([^"]+)"', body)


def _possible(body: str) -> str:
    return body[body.index('id="possible"') :]


def test_the_page_shows_the_first_questions_and_possible_results_and_counts_the_rest(client, company_with):
    total = POSSIBLE_SHOWN + 10
    company_with(total)
    body = client.get("/me/").content.decode()
    assert len(_questions(body)) == QUESTIONS_SHOWN
    assert _questions(body)[0] == "cond_0"  # the question worth most comes first
    assert f"另有 {total - QUESTIONS_SHOWN} 个问题未显示" in body
    assert f"显示全部 {total} 个问题" in body
    possible = _possible(body)
    assert possible.count("专项支持第") == POSSIBLE_SHOWN
    assert f"另有 {total - POSSIBLE_SHOWN} 项未显示" in possible
    assert f"显示全部 {total} 项可能可申报的条款" in possible
    assert "本政策另有" in possible  # the second policy's group is cut short, and says so
    assert 'data-testid="count-possible">30<' in body  # the counts and totals are of everything


def test_every_question_and_possible_result_is_one_link_away(client, company_with):
    total = POSSIBLE_SHOWN + 10
    company_with(total)
    body = client.get("/me/").content.decode()
    link = re.search(r'<a href="([^"#]*show=questions[^"#]*)#calculator"', body).group(1)
    every = client.get(link.replace("&amp;", "&")).content.decode()
    assert sorted(_questions(every)) == sorted(f"cond_{n}" for n in range(total))
    assert "个问题未显示" not in every
    assert 'name="show" value="questions"' in every  # answering keeps the list open
    assert _possible(every).count("专项支持第") == POSSIBLE_SHOWN  # the other section stays as it was

    both = client.get("/me/?show=questions&show=possible").content.decode()
    assert _possible(both).count("专项支持第") == total
    assert "项未显示" not in both
    only_possible = client.get("/me/?status=possible").content.decode()  # a filter to one status: all
    assert _possible(only_possible).count("专项支持第") == total


def test_an_answer_to_a_question_further_down_is_kept_in_view(client, company_with):
    total = POSSIBLE_SHOWN + 10
    company_with(total)
    last = f"cond_{total // 2 - 1}"  # asks a number, and is not among the first questions
    response = client.post(
        reverse("eligibility:answer"), {"key": last, "value": "很多"}, HTTP_HX_REQUEST="true"
    )
    part = response.content.decode()
    assert last in _questions(part) and 'value="很多"' in part and "数字" in part
    response = client.post(
        reverse("eligibility:answer"), {"key": "cond_0", "value": "是", "show": "questions"}
    )
    assert response.status_code == 302 and response.url.endswith("?show=questions#calculator")


def test_the_dashboard_queries_do_not_grow_with_the_results(
    client, company_with, django_assert_max_num_queries
):
    company = company_with(8, policies=1)
    with django_assert_max_num_queries(10) as few:
        client.get("/me/")
    make_policy(*clauses(60, start=100), title="朝阳区另一项专项支持办法")
    rematch_company(company.pk)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get("/me/?show=questions&show=possible").content.decode()
    assert 'data-testid="count-possible">68<' in body
