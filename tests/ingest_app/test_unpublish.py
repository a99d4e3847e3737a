"""下架: asked first with a reason; the policy leaves the library; matched companies are told."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from accounts.roles import Role
from eligibility.models import Company, MatchResult, Membership
from policies.models import Clause, Policy

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(make_user):
    p = Policy.objects.create(title="待下架的措施", region="朝阳区", status=Policy.Status.PUBLISHED)
    c = Clause.objects.create(policy=p, order=1, number="第一条", text="支持", kind="support")
    member = make_user(Role.ENTERPRISE)
    company = Company.objects.create(credit_code="91110105MA01C8L437", name="某某科技有限公司")
    Membership.objects.create(company=company, user=member)
    MatchResult.objects.create(
        company=company,
        policy=p,
        clause=c,
        clause_version=1,
        profile_version=1,
        status="eligible",
        computed_at=timezone.now(),
    )
    return p, member


def test_unpublish_asks_for_a_reason_then_tells_matched_companies(client, make_user, live):
    policy, member = live
    client.force_login(make_user(Role.ADMIN))
    url = reverse("ingest:unpublish", args=[policy.pk])
    page = client.get(url)
    assert page.status_code == 200 and "确认下架" in page.content.decode()
    assert client.post(url, {"reason": ""}).status_code == 400
    policy.refresh_from_db()
    assert policy.status == Policy.Status.PUBLISHED
    response = client.post(url, {"reason": "政策已被新文件替代", "confirm": "on"})
    assert response.status_code == 302
    policy.refresh_from_db()
    assert policy.status == Policy.Status.ARCHIVED and policy.unpublish_reason == "政策已被新文件替代"
    note = Notification.objects.get(recipient=member)
    assert "待下架的措施" in note.title and "政策已被新文件替代" in note.body
    client.logout()
    assert client.get(reverse("policies:detail", args=[policy.pk])).status_code == 404
    assert "待下架的措施" not in client.get(reverse("policies:list")).content.decode()


def test_only_admins_unpublish(client, make_user, live):
    policy, member = live
    client.force_login(member)
    assert client.post(
        reverse("ingest:unpublish", args=[policy.pk]), {"reason": "x", "confirm": "on"}
    ).status_code in (
        302,
        403,
    )
    policy.refresh_from_db()
    assert policy.status == Policy.Status.PUBLISHED


@pytest.mark.parametrize(
    ("role", "text"), [(Role.REVIEWER, "审核队列"), (Role.EXPERT, "待我评审"), (Role.ADMIN, "最近的导入")]
)
def test_home_page_is_role_aware(client, make_user, role, text):
    client.force_login(make_user(role))
    body = client.get("/").content.decode()
    assert text in body and "找到您的企业能申报的扶持政策" not in body


def test_enterprise_home_keeps_the_enterprise_text(client, make_user):
    client.force_login(make_user(Role.ENTERPRISE))
    assert "找到您的企业能申报的扶持政策" in client.get("/").content.decode()


TRADITIONAL = (
    "北京市朝陽區關於支持軟體產業發展的若干措施\n"
    "第一條 為支持朝陽區軟體產業發展,制定本措施。\n"
    "第二條 支持研發投入。對註冊在朝陽區的軟體企業,按研發費用的30%給予補貼,最高不超過100萬元。\n"
    "第三條 本措施自發布之日起施行。\n"
)


def test_review_pane_keeps_the_traditional_original_with_simplified_a_click_away(client, make_user):
    from ingest import services

    admin = make_user(Role.ADMIN)
    document, _ = services.document_store(TRADITIONAL.encode("big5"), "trad.txt", admin)
    run = services.ingest_document(document, user=admin)
    assert run.status == "succeeded", run.error
    policy = Policy.objects.get(source_document=document)
    client.force_login(admin)
    body = client.get(reverse("ingest:review", args=[policy.pk])).content.decode()
    original = body.split('data-testid="original-script">', 1)[1].split("</pre>", 1)[0]
    assert "軟體" in original and "萬元" in original
    simplified = body.split('id="doc-text"', 1)[1].split("</pre>", 1)[0]
    assert "软件" in simplified
    assert "<details" in body.split('data-testid="original-script"', 1)[1]
