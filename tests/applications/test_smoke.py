"""No page of the workflow answers 500, whoever asks and whatever the state."""

from __future__ import annotations

import pytest

from applications import workflow

from .factories import ReviewFactory


@pytest.mark.parametrize("state", list(workflow.STATES))
def test_every_page_renders_for_every_role_in_every_state(world, client, state):
    application = world.application(
        state, approved_amount_yuan=400_000 if state in ("approved", "disbursed") else None
    )
    if state == workflow.PUBLICITY:
        ReviewFactory(application=application, expert=world.expert)
    pages = [
        "/applications/",
        f"/applications/new/{world.clause.pk}/",
        f"/applications/{application.pk}/",
        f"/applications/{application.pk}/edit/",
        "/review/",
        "/review/?all=1",
        f"/review/?state={state}&policy={application.policy_id}&due_before=2026-01-01&company=北京",
        f"/review/{application.pk}/",
        f"/review/{application.pk}/review/",
        "/review/export/?format=xlsx",
        f"/api/applications/{application.pk}/",
        f"/api/applications/{application.pk}/events/",
        f"/api/applications/{application.pk}/reviews/",
        f"/api/applications/{application.pk}/attachments/",
    ]
    for user in (world.user_a, world.user_b, world.reviewer, world.reviewer_other, world.expert, world.admin):
        client.force_login(user)
        for url in pages:
            response = client.get(url)
            assert response.status_code in (200, 302, 403, 404), (user.username, url, response.status_code)


def test_the_admin_lists_and_shows_applications_read_only(world, client, admin_user):
    application = world.application(workflow.SUBMITTED)
    client.force_login(admin_user)
    for url in (
        "/django-admin/applications/application/",
        f"/django-admin/applications/application/{application.pk}/change/",
        "/django-admin/applications/applicationevent/",
        "/django-admin/applications/review/",
        "/django-admin/applications/attachment/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.post(f"/django-admin/applications/application/{application.pk}/delete/").status_code == 403
