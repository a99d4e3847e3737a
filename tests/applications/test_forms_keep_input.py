"""A refused action or upload shows the page again with what was typed, never a blank form."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from applications import workflow

from .conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.APPLICATIONS_TODAY = TODAY


def test_refused_approval_keeps_comment_and_amount(world, client):
    application = world.application(workflow.PUBLICITY)
    client.force_login(world.reviewer)
    response = client.post(
        f"/review/{application.pk}/actions/approve/",
        {"comment": "经公示无异议,建议按上限拨付", "approved_amount_yuan": "99000000"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "经公示无异议,建议按上限拨付" in body
    assert 'value="99000000"' in body
    application.refresh_from_db()
    assert application.state == workflow.PUBLICITY


def test_return_without_a_comment_is_refused_in_chinese(world, client):
    application = world.application(workflow.SUBMITTED)
    client.force_login(world.reviewer)
    response = client.post(f"/review/{application.pk}/actions/return/", {"comment": ""})
    assert response.status_code == 200
    assert "意见" in response.content.decode()
    application.refresh_from_db()
    assert application.state == workflow.SUBMITTED


def test_rejected_attachment_keeps_its_description(world, client):
    application = world.application(workflow.DRAFT, attachments=0)
    client.force_login(world.user_a)
    upload = SimpleUploadedFile("run.exe", b"MZ\x90\x00binary", content_type="application/octet-stream")
    response = client.post(
        f"/applications/{application.pk}/attachments/", {"file": upload, "description": "项目可行性研究报告"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "项目可行性研究报告" in body
    assert application.attachments.count() == 0


def test_profile_rows_follow_the_fact_catalogue():
    from applications.selectors import profile_rows

    rows = profile_rows({"district": "朝阳区", "name": "某公司", "province": "北京市", "city": "北京市"})
    assert rows[0] == ("名称", "某公司")
    labels = [label for label, _ in rows]
    assert labels.index("注册地所在省份") < labels.index("注册地所在城市") < labels.index("注册地所在区县")
