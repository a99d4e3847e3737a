"""Who sees what: enterprises their own company, reviewers their region, experts what they are assigned."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from applications import services, workflow
from applications.models import Application

from .conftest import TODAY

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def b_app(world):
    """Company B's application in expert review, with an attachment, assigned to ``world.expert``."""
    application = world.application(workflow.DRAFT, company=world.company_b, assign=False)
    attachment = services.attachment_add(
        application, world.user_b, SimpleUploadedFile("营业执照.pdf", PDF, content_type="application/pdf")
    )
    Application.objects.filter(pk=application.pk).update(state=workflow.EXPERT_REVIEW)
    application.refresh_from_db()
    services.expert_assign(application, world.reviewer, world.expert)
    application.attachment = attachment
    return application


def urls(application) -> dict[str, str]:
    pk = application.pk
    return {
        "page": f"/applications/{pk}/",
        "edit": f"/applications/{pk}/edit/",
        "review_page": f"/review/{pk}/",
        "file": f"/applications/attachments/{application.attachment.pk}/",
        "api_detail": f"/api/applications/{pk}/",
        "api_events": f"/api/applications/{pk}/events/",
        "api_files": f"/api/applications/{pk}/attachments/",
        "api_reviews": f"/api/applications/{pk}/reviews/",
    }


def assert_denied_without_data(response, application) -> None:
    assert response.status_code in (403, 404), response.status_code
    body = response.content.decode("utf-8", "replace")
    assert application.company.name not in body
    assert application.project_description not in body


def test_enterprise_a_cannot_see_or_act_on_company_b(world, client, b_app):
    client.force_login(world.user_a)
    for name, url in urls(b_app).items():
        response = api(world.user_a).get(url) if name.startswith("api") else client.get(url)
        assert_denied_without_data(response, b_app)
    response = client.post(f"/applications/{b_app.pk}/actions/withdraw/")
    assert_denied_without_data(response, b_app)
    response = client.post(
        f"/applications/{b_app.pk}/attachments/", {"file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert_denied_without_data(response, b_app)
    for action in ("withdraw", "accept", "reject"):
        response = api(world.user_a).post(f"/api/applications/{b_app.pk}/actions/{action}/", {"comment": "x"})
        assert_denied_without_data(response, b_app)
    listing = api(world.user_a).get("/api/applications/").json()
    assert listing["count"] == 0
    assert world.company_b.name not in client.get("/applications/").content.decode()
    b_app.refresh_from_db()
    assert b_app.state == workflow.EXPERT_REVIEW
    with pytest.raises(services.ActionForbidden):
        services.application_transition(b_app, "withdraw", world.user_a)


def test_company_b_sees_its_own(world, client, b_app):
    client.force_login(world.user_b)
    assert client.get(f"/applications/{b_app.pk}/").status_code == 200
    assert client.get(f"/applications/attachments/{b_app.attachment.pk}/").status_code == 200
    assert api(world.user_b).get("/api/applications/").json()["count"] == 1
    events = api(world.user_b).get(f"/api/applications/{b_app.pk}/events/").json()
    assert events == []  # the expert assignment is internal
    staff_events = api(world.reviewer).get(f"/api/applications/{b_app.pk}/events/").json()
    assert [e["action"] for e in staff_events] == ["assign_expert"]
    # The applicant may not read expert reviews, nor open the reviewer page.
    assert api(world.user_b).get(f"/api/applications/{b_app.pk}/reviews/").status_code == 403
    assert client.get(f"/review/{b_app.pk}/").status_code == 403


def test_an_expert_sees_only_assigned_applications(world, client, b_app):
    other = world.application(workflow.EXPERT_REVIEW, assign=False)
    client.force_login(world.expert)
    assert client.get(f"/review/{b_app.pk}/").status_code == 200
    assert client.get(f"/applications/attachments/{b_app.attachment.pk}/").status_code == 200
    assert client.get(f"/review/{b_app.pk}/review/").status_code == 200
    for url in (f"/review/{other.pk}/", f"/review/{other.pk}/review/", f"/api/applications/{other.pk}/"):
        response = client.get(url) if not url.startswith("/api") else api(world.expert).get(url)
        assert_denied_without_data(response, other)
    assert [a["id"] for a in api(world.expert).get("/api/applications/").json()["results"]] == [b_app.pk]
    queue = client.get("/review/").content.decode()
    assert world.company_b.name in queue and world.company_a.name not in queue
    # Another expert sees nothing.
    client.force_login(world.expert_other)
    assert_denied_without_data(client.get(f"/review/{b_app.pk}/"), b_app)
    assert_denied_without_data(client.get(f"/applications/attachments/{b_app.attachment.pk}/"), b_app)
    # An expert may not take workflow actions.
    response = api(world.expert).post(f"/api/applications/{b_app.pk}/actions/conclude_expert/", {})
    assert response.status_code == 403


def test_a_reviewer_sees_only_its_regions_policies(world, client, b_app):
    client.force_login(world.reviewer_other)
    for name, url in urls(b_app).items():
        if name in ("page", "edit"):
            continue
        response = api(world.reviewer_other).get(url) if name.startswith("api") else client.get(url)
        assert_denied_without_data(response, b_app)
    response = api(world.reviewer_other).post(
        f"/api/applications/{b_app.pk}/actions/reject/", {"comment": "越权"}
    )
    assert_denied_without_data(response, b_app)
    assert world.company_b.name not in client.get("/review/?all=1").content.decode()
    assert api(world.reviewer_other).get("/api/applications/").json()["count"] == 0
    with pytest.raises(services.ActionForbidden):
        services.application_transition(b_app, "reject", world.reviewer_other, comment="越权", today=TODAY)
    # The region's reviewer sees it all.
    client.force_login(world.reviewer)
    for name, url in urls(b_app).items():
        if name in ("page", "edit"):
            continue
        response = api(world.reviewer).get(url) if name.startswith("api") else client.get(url)
        assert response.status_code == 200, (name, response.status_code)
    assert len(api(world.reviewer).get(f"/api/applications/{b_app.pk}/reviews/").json()) == 0


def test_drafts_are_private_to_the_company(world, client):
    draft = world.application(workflow.DRAFT, assign=False)
    assert not Application.objects.visible_to(world.reviewer).filter(pk=draft.pk).exists()
    client.force_login(world.reviewer)
    assert client.get(f"/review/{draft.pk}/").status_code == 404


def test_anonymous_users_get_nothing(world, client, b_app):
    for name, url in urls(b_app).items():
        response = APIClient().get(url) if name.startswith("api") else client.get(url)
        assert response.status_code in (302, 401, 403, 404)
        assert world.company_b.name not in response.content.decode("utf-8", "replace")
