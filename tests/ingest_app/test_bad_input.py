"""Bad uploads get a Chinese reason, keep the raw bytes and leave no policy or clause rows."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ingest import services
from ingest.models import IngestRun, SourceDocument
from policies.models import Benefit, Clause, Policy

from .docs import BAD_INPUTS, HTML_WITH_SCRIPT, POLICY_V1, SEED_003, bad_bytes

pytestmark = pytest.mark.django_db


def upload(client, capture, *files: tuple[str, bytes]):
    with capture(execute=True):
        return client.post(
            reverse("ingest:documents"),
            {"files": [SimpleUploadedFile(name, data) for name, data in files]},
            follow=True,
        )


def assert_nothing_extracted():
    assert Policy.objects.count() == 0
    assert Clause.objects.count() == 0
    assert Benefit.objects.count() == 0


@pytest.mark.parametrize(("name", "data", "reason"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_upload_fails_with_chinese_reason(
    admin_client, django_capture_on_commit_callbacks, name, data, reason
):
    data = bad_bytes(name, data)
    response = upload(admin_client, django_capture_on_commit_callbacks, (name, data))
    assert response.status_code == 200
    document = SourceDocument.objects.get()
    assert document.filename == name
    assert document.file.read() == data  # raw upload kept
    run = document.runs.get()
    assert run.status == IngestRun.Status.FAILED
    assert reason in run.error
    assert response.redirect_chain[-1][0] == reverse("ingest:run", args=[run.pk])
    body = admin_client.get(reverse("ingest:run", args=[run.pk])).content.decode()
    assert "处理失败" in body and run.error in body
    assert_nothing_extracted()


def test_over_the_size_limit_is_refused(admin_client, django_capture_on_commit_callbacks, settings):
    settings.UPLOAD_MAX_BYTES = 2000
    response = upload(admin_client, django_capture_on_commit_callbacks, ("big.txt", POLICY_V1.encode() * 20))
    body = response.content.decode()
    assert "big.txt" in body and "文件超过大小上限(2 KB)" in body
    assert SourceDocument.objects.count() == 0  # over the limit is never stored
    assert_nothing_extracted()


def test_size_limit_applies_to_the_command_path_too(settings):
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(services.IngestError, match="大小上限"):
        services.document_store(b"x" * 11, "a.txt")


def test_unsupported_type_is_refused(admin_client, django_capture_on_commit_callbacks):
    response = upload(admin_client, django_capture_on_commit_callbacks, ("tool.exe", b"MZ\x90\x00"))
    assert "不支持的文件类型" in response.content.decode()
    assert SourceDocument.objects.count() == 0


def test_same_file_twice_points_to_the_existing_one(admin_client, django_capture_on_commit_callbacks):
    data = SEED_003.read_bytes()
    upload(admin_client, django_capture_on_commit_callbacks, ("first.txt", data))
    response = upload(admin_client, django_capture_on_commit_callbacks, ("again.txt", data))
    body = response.content.decode()
    document = SourceDocument.objects.get()
    assert "该文件已上传过" in body
    assert reverse("ingest:document", args=[document.pk]) in body
    assert IngestRun.objects.count() == 1
    assert Policy.objects.count() == 1


def test_html_scripts_are_dropped_and_text_is_escaped(admin_client, django_capture_on_commit_callbacks):
    upload(admin_client, django_capture_on_commit_callbacks, ("page.html", HTML_WITH_SCRIPT.encode()))
    document = SourceDocument.objects.get()
    assert document.runs.get().status == IngestRun.Status.SUCCEEDED
    assert "xss-in-script" not in document.text and "injected-by-script" not in document.text
    assert "onerror" not in document.text and "attr')" not in document.text
    policy = Policy.objects.get()
    body = admin_client.get(reverse("ingest:review", args=[policy.pk])).content.decode()
    assert "&lt;script&gt;alert(&#x27;escaped-text&#x27;)&lt;/script&gt;" in body
    assert "<script>alert" not in body


def test_a_failure_while_saving_leaves_no_rows(admin, monkeypatch):
    document, _ = services.document_store(POLICY_V1.encode(), "v1.txt", admin)

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "_warnings_for", boom)  # after policies and clauses were written
    run = services.ingest_document(document, user=admin)
    assert run.status == IngestRun.Status.FAILED
    assert "未保存任何条款" in run.error
    assert_nothing_extracted()
    document.refresh_from_db()
    assert document.file.read() == POLICY_V1.encode()


def test_non_admins_cannot_upload(client, make_user):
    from accounts.roles import Role

    client.force_login(make_user(Role.REVIEWER))
    response = client.post(reverse("ingest:documents"), {"files": [SimpleUploadedFile("a.txt", b"x")]})
    assert response.status_code == 403
    assert SourceDocument.objects.count() == 0
