"""The ingest API without a worker: permissions, bad files and the corrected policy detail."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.roles import Role
from ingest.models import IngestRun, SourceDocument

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(admin):
    client = APIClient()
    client.force_authenticate(admin)
    return client


def test_only_admins_may_upload(make_user):
    client = APIClient()
    assert client.post("/api/ingest/documents/", {}).status_code in (401, 403)
    client.force_authenticate(make_user(Role.ENTERPRISE))
    response = client.post(
        "/api/ingest/documents/", {"file": SimpleUploadedFile("a.txt", b"x")}, format="multipart"
    )
    assert response.status_code == 403
    assert client.get("/api/ingest/runs/").status_code == 403
    assert SourceDocument.objects.count() == 0


def test_bad_file_through_the_api(api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/ingest/documents/",
            {"file": SimpleUploadedFile("乱码.txt", bytes(range(256)) * 40)},
            format="multipart",
        )
    assert response.status_code == 201
    run = api.get(f"/api/ingest/runs/{response.json()['run']}/").json()
    assert run["status"] == IngestRun.Status.FAILED and "二进制" in run["error"] and run["finished"]


def test_missing_file_and_size_limit_are_explained(api, settings):
    response = api.post("/api/ingest/documents/", {}, format="multipart")
    assert response.status_code == 400 and "请上传文件" in str(response.json())
    settings.UPLOAD_MAX_BYTES = 5
    response = api.post(
        "/api/ingest/documents/", {"file": SimpleUploadedFile("a.txt", b"123456")}, format="multipart"
    )
    assert response.status_code == 400 and "大小上限" in response.json()["detail"]
    assert SourceDocument.objects.count() == 0
