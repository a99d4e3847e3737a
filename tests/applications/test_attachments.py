"""Attachments: type by extension and content, size limit, private storage, download as attachment only."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from applications import services, workflow
from applications.models import Attachment

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def office(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if kind == "docx" else "xl/workbook.xml", "<x/>")
    return buffer.getvalue()


def upload(client, application, name: str, content: bytes):
    return client.post(
        f"/applications/{application.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content), "description": "证明材料"},
        follow=True,
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("方案.pdf", PDF),
        ("照片.png", PNG),
        ("照片.JPG", JPG),
        ("说明.docx", office("docx")),
        ("预算.xlsx", office("xlsx")),
    ],
)
def test_allowed_types_are_kept_privately_with_their_names(world, client, name, content):
    application = world.application(workflow.DRAFT, attachments=0)
    client.force_login(world.user_a)
    response = upload(client, application, name, content)
    assert "附件已上传" in response.content.decode()
    attachment = Attachment.objects.get(application=application)
    assert attachment.original_name == name
    path = Path(attachment.file.path).resolve()
    assert path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not path.is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    assert name not in path.name  # stored under a random name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("病毒.exe", b"MZ\x90\x00", "不支持的文件类型"),
        ("页面.html", b"<script>alert(1)</script>", "不支持的文件类型"),
        ("伪装.pdf", b"<html><script>alert(1)</script></html>", "文件内容与扩展名"),
        ("伪装.png", PDF, "文件内容与扩展名"),
        ("伪装.docx", office("xlsx"), "文件内容与扩展名"),
        ("伪装.xlsx", b"PK\x03\x04not a zip", "文件内容与扩展名"),
        ("无扩展名", PDF, "不支持的文件类型"),
    ],
)
def test_wrong_types_are_refused_in_chinese(world, client, name, content, message):
    application = world.application(workflow.DRAFT, attachments=0)
    client.force_login(world.user_a)
    response = upload(client, application, name, content)
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


def test_oversize_files_are_refused(world, client, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    application = world.application(workflow.DRAFT, attachments=0)
    client.force_login(world.user_a)
    response = upload(client, application, "大文件.pdf", PDF + b"0" * 2048)
    assert "文件过大" in response.content.decode()
    assert not Attachment.objects.exists()
    response = api_upload(world.user_a, application, "大文件.pdf", PDF + b"0" * 2048)
    assert response.status_code == 400
    assert "文件过大" in response.json()["detail"]


def api_upload(user, application, name, content):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client.post(
        f"/api/applications/{application.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def test_upload_is_closed_once_submitted(world, client):
    application = world.application(workflow.SUBMITTED)
    client.force_login(world.user_a)
    response = upload(client, application, "方案.pdf", PDF)
    assert "不能再上传附件" in response.content.decode()
    assert api_upload(world.user_a, application, "方案.pdf", PDF).status_code == 400


def test_download_is_an_attachment_with_nosniff_for_allowed_users_only(world, client):
    application = world.application(workflow.DRAFT, assign=False, attachments=0)
    attachment = services.attachment_add(
        application, world.user_a, SimpleUploadedFile("方案 (终稿).pdf", PDF)
    )
    url = f"/applications/attachments/{attachment.pk}/"
    client.force_login(world.user_a)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    for user in (
        world.user_b,
        world.reviewer_other,
        world.expert,
        world.reviewer,
    ):  # draft: not even reviewers
        client.force_login(user)
        assert client.get(url).status_code == 404
    application.state = workflow.SUBMITTED
    application.save()
    client.force_login(world.reviewer)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 302
