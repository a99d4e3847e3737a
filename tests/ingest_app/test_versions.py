"""A policy held already: a new version with a clause-by-clause diff; publishing it supersedes the old one."""

import pytest
from django.urls import reverse

from ingest import services
from ingest.models import PolicySource
from policies.models import Policy

from .docs import POLICY_V1, POLICY_V2, SEED_000, SEED_001, TITLE

pytestmark = pytest.mark.django_db


def ingest(text: str, name: str, user, publish: bool = False) -> Policy:
    document, _ = services.document_store(text.encode(), name, user)
    run = services.ingest_document(document, publish=publish, user=user)
    assert run.status == "succeeded", run.error
    return Policy.objects.get(source_document=document)


def test_second_version_lists_added_removed_and_changed_clauses(admin, admin_client):
    v1 = ingest(POLICY_V1, "v1.txt", admin, publish=True)
    v2 = ingest(POLICY_V2, "v2.txt", admin)
    assert v2.version == 2 and v2.previous_version == v1 and v2.status == Policy.Status.DRAFT
    diff = v2.diff
    changed = {c["number"]: {ch["field"]: ch for ch in c["changes"]} for c in diff["changed"]}
    assert set(changed) == {"第二条"}
    assert changed["第二条"]["max_amount_yuan"]["old"] == 1_000_000
    assert changed["第二条"]["max_amount_yuan"]["new"] == 3_000_000
    assert changed["第二条"]["ratios"]["new"] == [0.4]
    assert "text" in changed["第二条"]
    assert [c["number"] for c in diff["added"]] == ["第四条"]  # 开源社区
    assert [c["number"] for c in diff["removed"]] == ["第三条"]  # 人才引进
    assert diff["unchanged"] == 3  # 第一条, 上市 (renumbered 第四条 -> 第三条), 施行

    body = admin_client.get(reverse("ingest:review", args=[v2.pk])).content.decode()
    assert "与第1版相比" in body and "新增条款" in body and "删除条款" in body and "修改条款" in body
    assert "100万元 → 300万元" in body

    services.policy_publish(v2, admin)
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert v1.status == Policy.Status.SUPERSEDED and v2.status == Policy.Status.PUBLISHED
    assert list(Policy.objects.published()) == [v2]
    with pytest.raises(services.IngestError):
        services.policy_publish(v1, admin)


def test_same_doc_number_is_a_new_version_even_with_a_new_title(admin):
    v1 = ingest(POLICY_V1, "v1.txt", admin)
    services.policy_correct(v1, "doc_number", "朝科信发〔2026〕1号", admin)
    renamed = POLICY_V2.replace(TITLE, "北京市朝阳区支持软件产业发展的若干措施(修订)").replace(
        "第一条", "朝科信发〔2026〕1号\n第一条", 1
    )
    v2 = ingest(renamed, "renamed.txt", admin)
    assert v2.doc_number == "朝科信发〔2026〕1号"
    assert v2.previous_version == v1 and v2.version == 2


def test_identical_content_from_another_file_is_not_a_new_version(admin):
    v1 = ingest(POLICY_V1, "v1.txt", admin)
    document, _ = services.document_store((POLICY_V1 + "\n").encode(), "copy.txt", admin)
    run = services.ingest_document(document, user=admin)
    assert run.status == "succeeded"
    assert Policy.objects.get() == v1
    assert any("内容一致" in w["message"] for w in run.warnings)


def test_corrections_to_the_old_version_refresh_the_diff(admin):
    v1 = ingest(POLICY_V1, "v1.txt", admin)
    v2 = ingest(POLICY_V2, "v2.txt", admin)
    services.clause_correct(v1.clauses.get(number="第二条"), "max_amount_yuan", 3_000_000, admin)
    v2.refresh_from_db()
    changed = {c["number"]: [ch["field"] for ch in c["changes"]] for c in v2.diff["changed"]}
    assert "max_amount_yuan" not in changed["第二条"]


def with_number(text: str, number: str) -> str:
    return text.replace("第一条", f"{number}\n第一条", 1)


def test_an_abridged_repost_with_the_same_money_is_a_source_not_a_version(admin, admin_client):
    v1 = ingest(with_number(POLICY_V1, "朝科信发〔2026〕1号"), "v1.txt", admin, publish=True)
    assert v1.doc_number == "朝科信发〔2026〕1号"
    abridged = "\n".join(line for line in POLICY_V1.splitlines() if "人才" not in line) + "\n"
    document, _ = services.document_store(abridged.encode(), "repost.txt", admin)
    run = services.ingest_document(document, publish=True, user=admin)
    assert run.status == "succeeded"
    assert list(Policy.objects.all()) == [v1]
    v1.refresh_from_db()
    assert v1.status == Policy.Status.PUBLISHED and v1.doc_number == "朝科信发〔2026〕1号"
    source = PolicySource.objects.get()
    assert (source.policy, source.document, source.kind) == (v1, document, "repost")
    assert any("转载" in w["message"] for w in run.warnings)
    body = admin_client.get(reverse("ingest:review", args=[v1.pk])).content.decode()
    assert "其他来源" in body and "repost.txt" in body
    body = admin_client.get(reverse("ingest:document", args=[document.pk])).content.decode()
    assert "作为已有政策的来源" in body and "转载" in body
    services.ingest_document(document, publish=True, user=admin)  # again: nothing new
    assert Policy.objects.count() == 1 and PolicySource.objects.count() == 1


def test_a_copy_with_more_and_the_same_money_becomes_the_next_version(admin):
    abridged = "\n".join(line for line in POLICY_V1.splitlines() if "人才" not in line) + "\n"
    v1 = ingest(abridged, "short.txt", admin, publish=True)
    v2 = ingest(with_number(POLICY_V1, "朝科信发〔2026〕1号"), "full.txt", admin, publish=True)
    assert v2.previous_version == v1 and v2.status == Policy.Status.PUBLISHED
    v1.refresh_from_db()
    assert v1.status == Policy.Status.SUPERSEDED


@pytest.mark.parametrize(
    "number, relation",
    [("朝科信发〔2027〕1号", "newer"), ("朝科信发〔2026〕3号", "newer"), ("朝科信发〔2025〕9号", "older")],
)
def test_doc_numbers_decide_the_order_whatever_the_upload_order(admin, number, relation):
    v1 = ingest(with_number(POLICY_V1, "朝科信发〔2026〕2号"), "v1.txt", admin, publish=True)
    document, _ = services.document_store(with_number(POLICY_V2, number).encode(), "v2.txt", admin)
    services.ingest_document(document, publish=True, user=admin)
    v1.refresh_from_db()
    if relation == "newer":
        v2 = Policy.objects.get(source_document=document)
        assert v2.previous_version == v1 and v2.status == Policy.Status.PUBLISHED
        assert v1.status == Policy.Status.SUPERSEDED
    else:
        assert not Policy.objects.filter(source_document=document).exists()
        assert v1.status == Policy.Status.PUBLISHED
        assert PolicySource.objects.get().kind == "older"


def test_dates_decide_the_order_when_both_copies_have_them(admin):
    later = POLICY_V1.replace("本措施自发布之日起施行", "本措施自2026年3月1日起施行")
    earlier = POLICY_V2.replace("本措施自发布之日起施行", "本措施自2025年3月1日起施行")
    v1 = ingest(later, "later.txt", admin, publish=True)
    assert v1.effective_from is not None
    document, _ = services.document_store(earlier.encode(), "earlier.txt", admin)
    services.ingest_document(document, publish=True, user=admin)
    v1.refresh_from_db()
    assert v1.status == Policy.Status.PUBLISHED
    assert PolicySource.objects.get().kind == "older"


def test_seed_001_does_not_silently_replace_the_chaoyang_policy(admin, admin_client):
    first = ingest(SEED_000.read_text(encoding="utf-8"), SEED_000.name, admin, publish=True)
    before = (first.doc_number, first.issuer, first.stacking)
    assert first.stacking == "就高原则"
    document, _ = services.document_store(SEED_001.read_bytes(), SEED_001.name, admin)
    run = services.ingest_document(document, publish=True, user=admin)
    assert run.status == "succeeded"
    first.refresh_from_db()
    assert first.status == Policy.Status.PUBLISHED
    assert (first.doc_number, first.issuer, first.stacking) == before
    # the repost states other money (e.g. 30万 for national standards): an admin decides, with the diff
    second = Policy.objects.get(previous_version=first)
    assert second.source_document == document and second.status == Policy.Status.DRAFT
    assert services.is_conflict(second)
    assert second.diff["added"] or second.diff["removed"] or second.diff["changed"]
    body = admin_client.get(reverse("ingest:review", args=[second.pk])).content.decode()
    assert "版本冲突待裁决" in body and "与第1版相比" in body
    # the admin keeps the published version; the decision survives re-ingesting both files
    response = admin_client.post(reverse("ingest:version_reject", args=[second.pk]))
    assert response.status_code == 302
    assert not Policy.objects.filter(pk=second.pk).exists()
    assert PolicySource.objects.get(policy=first).kind == "rejected"
    count = Policy.objects.count()
    services.ingest_document(first.source_document, publish=True, user=admin)
    services.ingest_document(document, publish=True, user=admin)
    assert Policy.objects.count() == count
    first.refresh_from_db()
    assert first.status == Policy.Status.PUBLISHED and first.stacking == "就高原则"


def test_publishing_a_conflicting_version_is_the_admins_decision(admin, admin_client):
    v1 = ingest(POLICY_V1, "v1.txt", admin, publish=True)
    v2 = ingest(POLICY_V2, "v2.txt", admin, publish=True)
    assert services.is_conflict(v2) and v2.status == Policy.Status.DRAFT
    admin_client.post(reverse("ingest:publish", args=[v2.pk]), {"confirm": "1"})  # after the confirmation
    v1.refresh_from_db()
    v2.refresh_from_db()
    assert v2.status == Policy.Status.PUBLISHED and v1.status == Policy.Status.SUPERSEDED
    assert not services.is_conflict(v2) and "conflict" not in v2.diff
    body = admin_client.get(reverse("ingest:review", args=[v2.pk])).content.decode()
    assert "版本冲突待裁决" not in body
