"""The whole story through the API: create, submit, return, resubmit, accept, review, score, publicity,
approve, disburse; the events list tells it in order. Plus the schema and error codes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from applications import workflow

from .conftest import TODAY
from .factories import PDF


def token_client(username: str) -> APIClient:
    client = APIClient()
    response = client.post("/api/auth/token/", {"username": username, "password": "test-pass-2026"})
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def test_the_whole_story(world, settings):
    settings.APPLICATIONS_TODAY = TODAY.isoformat()
    applicant = token_client(world.user_a.username)
    reviewer = token_client(world.reviewer.username)
    expert = token_client(world.expert.username)

    created = applicant.post(
        "/api/applications/",
        {"clause": world.clause.pk, "requested_amount_yuan": 800_000, "project_description": "算力平台建设"},
        format="json",
    )
    assert created.status_code == 201, created.content
    pk, state = created.json()["id"], created.json()["state"]
    assert state == "draft"
    base = f"/api/applications/{pk}"

    def act(client, action, expect=200, **data):
        response = client.post(f"{base}/actions/{action}/", data, format="json")
        assert response.status_code == expect, response.content.decode()
        return response.json()

    # No attachment yet: the submission is refused, with the reason.
    refused = act(applicant, "submit", expect=400)
    assert "attachments" in refused["errors"] and "附件" in refused["detail"]
    uploaded = applicant.post(
        f"{base}/attachments/", {"file": SimpleUploadedFile("申报书.pdf", PDF)}, format="multipart"
    )
    assert uploaded.status_code == 201, uploaded.content
    assert act(applicant, "submit")["state"] == "submitted"
    assert act(reviewer, "return", comment="请补充近三年财务审计报告。")["state"] == "returned"
    patched = applicant.patch(
        base + "/", {"project_description": "算力平台建设(已补充审计报告)"}, format="json"
    )
    assert patched.status_code == 200, patched.content
    assert act(applicant, "submit")["state"] == "submitted"
    # A second reviewer click on the same step: 409 naming the current state.
    assert act(reviewer, "accept")["state"] == "accepted"
    conflict = act(reviewer, "accept", expect=409)
    assert conflict["current_state"] == "accepted"
    # The applicant may not take a reviewer's action.
    assert act(applicant, "start_review", expect=403)
    assert act(reviewer, "start_review")["state"] == "preliminary_review"
    assert act(reviewer, "pass_preliminary")["state"] == "expert_review"
    assigned = reviewer.post(f"{base}/experts/", {"expert": world.expert.pk}, format="json")
    assert assigned.status_code == 201, assigned.content
    assert act(expert, "conclude_expert", expect=403)
    review = expert.post(
        f"{base}/reviews/",
        {
            "scores": {"技术先进性": 85, "经济效益": 75, "实施可行性": 90},
            "recommendation": "support",
            "comment": "方案成熟,建议支持。",
        },
        format="json",
    )
    assert review.status_code == 201, review.content
    assert review.json()["total_score"] == 250
    publicity = act(reviewer, "conclude_expert")
    assert publicity["state"] == "publicity"
    assert publicity["publicity_ends_on"] == "2026-06-17"
    # Too early, then too much, then right.
    assert "公示期" in act(reviewer, "approve", expect=400, approved_amount_yuan=500_000)["detail"]
    settings.APPLICATIONS_TODAY = (dt.date(2026, 6, 18)).isoformat()
    assert act(reviewer, "approve", expect=400, approved_amount_yuan=1_000_001)["errors"][
        "approved_amount_yuan"
    ]
    assert act(reviewer, "approve", approved_amount_yuan=600_000)["state"] == "approved"
    final = act(reviewer, "disburse", disbursed_amount_yuan=600_000, disbursed_on="2026-06-18")
    assert (final["state"], final["disbursed_amount_yuan"], final["disbursed_on"]) == (
        "disbursed",
        600_000,
        "2026-06-18",
    )

    events = reviewer.get(f"{base}/events/").json()
    story = [(e["action"], e["from_state"], e["to_state"]) for e in events]
    assert story == [
        ("create", "draft", "draft"),
        ("submit", "draft", "submitted"),
        ("return", "submitted", "returned"),
        ("submit", "returned", "submitted"),
        ("accept", "submitted", "accepted"),
        ("start_review", "accepted", "preliminary_review"),
        ("pass_preliminary", "preliminary_review", "expert_review"),
        ("assign_expert", "expert_review", "expert_review"),
        ("expert_review", "expert_review", "expert_review"),
        ("conclude_expert", "expert_review", "publicity"),
        ("approve", "publicity", "approved"),
        ("disburse", "approved", "disbursed"),
    ]
    assert [e["created_at"] for e in events] == sorted(e["created_at"] for e in events)
    assert events[2]["comment"] == "请补充近三年财务审计报告。"
    assert events[2]["actor"] == world.reviewer.username
    assert {"from_state", "to_state", "action", "actor", "comment", "created_at"} <= set(events[0])
    # The applicant's view: the public steps, staff shown by role, internal steps hidden.
    mine = applicant.get(f"{base}/events/").json()
    assert [e["action"] for e in mine] == [
        "create", "submit", "return", "submit", "accept", "conclude_expert", "approve", "disburse"
    ]  # fmt: skip
    assert mine[2]["actor"] == "审核人员" and mine[2]["comment"] == "请补充近三年财务审计报告。"
    detail = applicant.get(base + "/").json()
    assert detail["eligibility_status"] == "eligible" and detail["revision"] == 2
    # Reviews: the reviewer sees all, the applicant none.
    assert len(reviewer.get(f"{base}/reviews/").json()) == 1
    assert applicant.get(f"{base}/reviews/").status_code == 403


def test_unknown_action_is_404_and_bad_input_is_400(world):
    application = world.application(workflow.SUBMITTED)
    client = APIClient()
    client.force_authenticate(world.reviewer)
    assert client.post(f"/api/applications/{application.pk}/actions/explode/", {}).status_code == 404
    response = client.post(
        f"/api/applications/{application.pk}/actions/return/", {"comment": ""}, format="json"
    )
    assert response.status_code == 400
    assert "comment" in response.json()["errors"]


def test_only_enterprise_users_create_and_only_for_published_policies(world):
    from .factories import ClauseFactory, PolicyFactory

    client = APIClient()
    client.force_authenticate(world.reviewer)
    response = client.post("/api/applications/", {"clause": world.clause.pk}, format="json")
    assert response.status_code == 403
    draft_clause = ClauseFactory(policy=PolicyFactory(status="draft"))
    client.force_authenticate(world.user_a)
    assert client.post("/api/applications/", {"clause": draft_clause.pk}, format="json").status_code == 400
    first = client.post("/api/applications/", {"clause": world.clause.pk}, format="json")
    assert first.status_code == 201
    again = client.post("/api/applications/", {"clause": world.clause.pk}, format="json")
    assert again.status_code == 400 and "进行中" in again.json()["detail"]


@pytest.mark.django_db
def test_the_schema_documents_the_application_api(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    paths = schema["paths"]
    for path in (
        "/api/applications/",
        "/api/applications/{id}/",
        "/api/applications/{id}/actions/{action_name}/",
        "/api/applications/{id}/events/",
        "/api/applications/{id}/reviews/",
        "/api/applications/{id}/attachments/",
    ):
        assert path in paths, path
    action = paths["/api/applications/{id}/actions/{action_name}/"]["post"]
    assert {"200", "403", "409"} <= set(action["responses"])
    param = next(p for p in action["parameters"] if p["name"] == "action_name")
    assert set(param["schema"]["enum"]) == set(workflow.ACTIONS)
