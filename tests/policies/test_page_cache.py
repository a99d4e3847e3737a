"""The library and policy pages are cached in the configured cache (Redis under scripts/test): shared
parts are served without queries, each kind of visitor gets its own, nothing of one user reaches
another, and a publish, unpublish, supersede or edit shows at once."""

import pytest
from django.urls import reverse

from accounts.models import Office
from accounts.roles import Role
from ingest.services import policy_publish, policy_unpublish
from policies.models import Benefit, Clause, Policy

pytestmark = pytest.mark.django_db

LIST = reverse("policies:list")


def make(title="朝阳区关于支持人工智能发展的若干措施", status=Policy.Status.PUBLISHED, **fields) -> Policy:
    policy = Policy.objects.create(
        title=title, province="北京市", city="北京市", region="朝阳区", status=status, **fields
    )
    clause = Clause.objects.create(
        policy=policy, order=1, number="第二条", heading="支持算力", text="最高给予500万元支持。",
        kind="support", max_amount_yuan=5_000_000,
    )  # fmt: skip
    Benefit.objects.create(clause=clause, kind="grant", cap_yuan=5_000_000)
    return policy


def detail(policy: Policy) -> str:
    return reverse("policies:detail", args=[policy.id])


def test_shared_pages_are_served_from_the_cache(client, django_assert_num_queries):
    policy = make()
    for url in (LIST, f"{LIST}?q=人工智能", detail(policy)):
        first = client.get(url).content.decode()
        assert "若干措施" in first
        with django_assert_num_queries(0):  # anonymous: neither the results nor the policy are read again
            assert client.get(url).content.decode() == first


def test_an_edit_shows_at_once(client):
    policy = make()
    client.get(LIST), client.get(detail(policy)), client.get(f"{LIST}?q=算力")
    policy.title = "朝阳区关于支持人工智能发展的若干措施(修订)"
    policy.save()
    assert "(修订)" in client.get(LIST).content.decode()
    assert "(修订)" in client.get(detail(policy)).content.decode()
    clause = policy.clauses.get()
    clause.heading = "支持算力中心建设"
    clause.save()
    assert "支持算力中心建设" in client.get(detail(policy)).content.decode()
    assert "支持<mark>算力</mark>中心建设" in client.get(f"{LIST}?q=算力").content.decode()
    benefit = clause.benefits.get()
    benefit.cap_yuan = 3_000_000
    benefit.save()
    assert "上限 300万元" in client.get(detail(policy)).content.decode()
    policy.office = Office.objects.create(name="朝阳区科学技术和信息化局", phone="010-12345678")
    policy.save()
    client.get(detail(policy))
    policy.office.phone = "010-87654321"
    policy.office.save()
    assert "010-87654321" in client.get(detail(policy)).content.decode()


@pytest.mark.django_db(transaction=True)
def test_publish_unpublish_and_supersede_show_at_once(client, make_user):
    """Through the services and real commits (the cache is renewed when the transaction commits)."""
    admin = make_user(Role.ADMIN)
    old = make(title="朝阳区算力补贴办法")
    draft = make(
        title="朝阳区算力补贴办法(2026年修订)", status=Policy.Status.DRAFT, previous_version=old, version=2
    )
    assert "2026年修订" not in client.get(LIST).content.decode()
    assert client.get(detail(old)).status_code == 200
    assert client.get(detail(draft)).status_code == 404

    policy_publish(draft, admin)  # supersedes the old version
    body = client.get(LIST).content.decode()
    assert "2026年修订" in body and "朝阳区算力补贴办法</a>" not in body
    assert client.get(detail(draft)).status_code == 200
    assert client.get(detail(old)).status_code == 404

    policy_unpublish(draft, "政策已废止", admin)
    assert "朝阳区算力补贴办法" not in client.get(LIST).content.decode()
    assert client.get(detail(draft)).status_code == 404


def test_each_kind_of_visitor_gets_its_own_page_and_nothing_of_another_user(client, make_user):
    policy = make()
    anonymous = client.get(detail(policy)).content.decode()
    assert "登录后可申报" in anonymous and "申报此条款" not in anonymous

    first = make_user(Role.ENTERPRISE, display_name="甲公司经办人")
    second = make_user(Role.ENTERPRISE, display_name="乙公司经办人")
    client.force_login(first)
    mine = client.get(detail(policy)).content.decode()
    assert "申报此条款" in mine and "登录后可申报" not in mine and "甲公司经办人" in mine
    client.force_login(second)
    theirs = client.get(detail(policy)).content.decode()
    library = client.get(LIST).content.decode()
    assert "申报此条款" in theirs and "乙公司经办人" in theirs
    assert "甲公司经办人" not in theirs and "甲公司经办人" not in library
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else None
    assert token is None or token not in mine

    client.force_login(make_user(Role.REVIEWER, display_name="朝阳区审核员丙"))
    staff = client.get(detail(policy)).content.decode()
    assert "申报此条款" not in staff and "登录后可申报" not in staff and "朝阳区审核员丙" in staff
    draft = make(title="朝阳区未发布的办法", status=Policy.Status.DRAFT)
    assert client.get(detail(draft)).status_code == 200  # staff see drafts
    client.logout()
    assert client.get(detail(draft)).status_code == 404  # the public does not, cached or not
    assert "登录后可申报" in client.get(detail(policy)).content.decode()


def test_the_library_reads_a_fixed_number_of_queries_whatever_the_page_holds(
    client, django_assert_max_num_queries
):
    for n in range(3):
        make(title=f"朝阳区人工智能专项措施{n}")
    with django_assert_max_num_queries(12) as few:
        client.get(f"{LIST}?q=人工智能&sort=newest")
    for n in range(3, 20):
        make(title=f"朝阳区人工智能专项措施{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(f"{LIST}?q=人工智能&sort=largest").content.decode()  # not cached yet
    assert body.count('data-testid="policy-card"') == 20
    with django_assert_max_num_queries(8) as few:
        client.get(detail(Policy.objects.first()))
    policy = make(title="朝阳区人工智能大型措施")
    for n in range(30):
        clause = Clause.objects.create(policy=policy, order=n + 2, number=f"第{n + 3}条", text="给予支持。")
        Benefit.objects.create(clause=clause, kind="grant", cap_yuan=10_000)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(detail(policy))


def test_a_cache_that_is_down_costs_speed_never_a_page(client, settings, enterprise_with_results):
    """Redis unreachable (a port nothing listens on): pages are built every time, edits are saved."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    policy, user = enterprise_with_results
    assert "若干措施" in client.get(LIST).content.decode()
    assert client.get(f"{LIST}?q=人工智能").status_code == 200
    policy.title = "朝阳区关于支持人工智能发展的若干措施(缓存停用时修订)"
    policy.save()
    assert "缓存停用时修订" in client.get(detail(policy)).content.decode()
    client.force_login(user)
    body = client.get("/me/").content.decode()
    assert "缓存停用时修订" in body and 'name="csrfmiddlewaretoken"' in body


@pytest.fixture
def enterprise_with_results(make_user):
    from eligibility.services import company_register, rematch_company
    from tests.eligibility_app.conftest import BEIJING_CHAOYANG, credit_code

    policy = make()
    user = make_user(Role.ENTERPRISE)
    company = company_register(credit_code=credit_code(), name="缓存测试科技有限公司", owner=user)
    company.profile.data = {**BEIJING_CHAOYANG, "credit_code": company.credit_code, "name": company.name}
    company.profile.save()
    rematch_company(company.pk)
    return policy, user


API = "/api/policies/"


def test_the_anonymous_api_list_is_kept_per_query_and_follows_changes(
    client, make_user, django_assert_num_queries
):
    policy = make()
    first = client.get(API).json()
    assert [p["title"] for p in first["results"]] == [policy.title]
    with django_assert_num_queries(0):  # anonymous: served from the cache
        assert client.get(API).json() == first
    assert client.get(f"{API}?q=不存在的关键词").json()["count"] == 0  # another query, its own entry
    policy.title = "朝阳区关于支持人工智能发展的若干措施(修订)"
    policy.save()
    assert client.get(API).json()["results"][0]["title"].endswith("(修订)")
    second = make(title="朝阳区关于支持集成电路发展的若干措施", status=Policy.Status.DRAFT)
    assert client.get(API).json()["count"] == 1
    policy_publish(second, make_user(Role.ADMIN))
    assert client.get(API).json()["count"] == 2
    policy_unpublish(second, "政策已废止", make_user(Role.ADMIN))
    assert client.get(API).json()["count"] == 1
    # A refused query is never kept: the same answer every time, and the list is not replaced by it.
    for _ in range(2):
        assert client.get(f"{API}?validity=bogus").status_code == 400
        assert client.get(f"{API}?page=99").status_code == 404
    # Signed in: the same published list, read each time.
    client.force_login(make_user(Role.ENTERPRISE))
    assert client.get(API).json()["count"] == 1
