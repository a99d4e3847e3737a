"""Search in either script, ranked, with the matching clause shown; PostgreSQL full-text search."""

import pytest
from django.urls import reverse

from policies import search
from policies.models import Clause, Policy, PolicySearch

pytestmark = pytest.mark.django_db


def _policy(title, region="朝阳区", clauses=(), **fields):
    p = Policy.objects.create(
        title=title, province="北京市", city="北京市", region=region, status=Policy.Status.PUBLISHED, **fields
    )
    for i, (number, heading, text) in enumerate(clauses, start=1):
        Clause.objects.create(policy=p, order=i, number=number, heading=heading, text=text, kind="support")
    return p


@pytest.fixture
def library():
    return {
        "ai": _policy(
            "海淀区促进人工智能产业发展的若干措施",
            region="海淀区",
            clauses=[("第一条", "支持芯片研发", "对芯片设计企业给予最高500万元支持。")],
        ),
        "car": _policy(
            "关于支持智能网联汽车发展的若干措施",
            clauses=[("第一条", "道路测试", "支持智能网联汽车开展道路测试。")],
        ),
        "noise": _policy(
            "朝阳区促进商贸发展的措施",
            clauses=[("第一条", "智能化改造", "支持汽车销售企业开展智能化改造,推动网联设备应用。")],
        ),
        "body": _policy(
            "朝阳区产业发展资金管理办法",
            clauses=[("第二章/第三条", "其他", "对人工智能企业给予支持。")],
        ),
    }


def _titles(client, q, url="policies:list"):
    body = client.get(reverse(url), {"q": q}).content.decode()
    return body


@pytest.mark.parametrize(
    ("traditional", "simplified"), [("人工智慧", "人工智能"), ("海淀區", "海淀区"), ("晶片", "芯片")]
)
def test_either_script_finds_the_same_policies(client, library, traditional, simplified):
    def ids(q):
        return [p["id"] for p in client.get("/api/policies/", {"q": q}).json()["results"]]

    found = ids(simplified)
    assert found, simplified
    assert ids(traditional) == found


def test_a_phrase_does_not_match_its_words_scattered(client, library):
    found = [p["id"] for p in client.get("/api/policies/", {"q": "智能網聯汽車"}).json()["results"]]
    assert found == [library["car"].id]


def test_title_ranks_above_body(client, library):
    found = [p["id"] for p in client.get("/api/policies/", {"q": "人工智能"}).json()["results"]]
    assert found[:2] == [library["ai"].id, library["body"].id]


def test_the_matching_clause_is_shown_highlighted(client, library):
    body = _titles(client, "晶片")
    assert "第一条 支持<mark>芯片</mark>研发" in body
    assert "对<mark>芯片</mark>设计企业" in body


def test_clause_labels_drop_the_numbering_path(client, library):
    body = _titles(client, "人工智能")
    assert "第三条 其他" in body and "第二章/第三条" not in body


@pytest.mark.parametrize("q", ["\x00", "a\x00b", "'\"):*&|!<->", "%", "　", "x" * 500])
def test_hostile_queries_do_not_fail(client, library, q):
    # 400 where the request itself is refused (a NUL byte), never a 500
    assert client.get(reverse("policies:list"), {"q": q}).status_code in (200, 400)
    assert client.get("/api/policies/", {"q": q}).status_code in (200, 400)


def test_changing_a_clause_rebuilds_the_search_document(client, library):
    if not search.is_postgres():
        pytest.skip("PostgreSQL 全文检索")
    _titles(client, "芯片")
    assert PolicySearch.objects.filter(policy=library["ai"]).exists()
    clause = library["ai"].clauses.get()
    clause.text = "对集成电路企业给予支持。"
    clause.heading = "支持集成电路"
    clause.save()
    assert not PolicySearch.objects.filter(policy=library["ai"]).exists()
    assert "海淀区促进" not in _titles(client, "芯片")
    assert "海淀区促进" in _titles(client, "集成电路")


def test_query_conversion():
    q = search.parse("人工智慧 海淀區")
    assert q.parts == ("人工智能", "海淀区")
    assert not search.parse("  ,, ")
