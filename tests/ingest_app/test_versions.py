"""A policy held already: a new version with a clause-by-clause diff; publishing it supersedes the old one."""

import pytest
from django.urls import reverse

from ingest import services
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


def test_seed_001_holds_a_second_version_of_the_chaoyang_policy(admin, admin_client):
    first = ingest(SEED_000.read_text(encoding="utf-8"), SEED_000.name, admin, publish=True)
    document, _ = services.document_store(SEED_001.read_bytes(), SEED_001.name, admin)
    services.ingest_document(document, publish=True, user=admin)
    second = Policy.objects.get(previous_version=first)
    assert second.source_document == document and second.version == 2
    assert second.diff["added"] or second.diff["removed"] or second.diff["changed"]
    first.refresh_from_db()
    assert first.status == Policy.Status.SUPERSEDED
    # running both again changes nothing
    count = Policy.objects.count()
    services.ingest_document(first.source_document, publish=True, user=admin)
    services.ingest_document(document, publish=True, user=admin)
    assert Policy.objects.count() == count
    first.refresh_from_db()
    assert first.status == Policy.Status.SUPERSEDED
