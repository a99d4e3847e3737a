"""Notifications: in-site and email, sent by a Celery task after commit, to the users a step concerns."""

from __future__ import annotations

import time

import pytest

from accounts.models import Notification
from applications import services, workflow

from .conftest import TODAY


def test_a_return_tells_the_applicant_with_the_comment_after_commit(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    application = world.application(workflow.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.application_transition(
            application, "return", world.reviewer, comment="请补充审计报告。", today=TODAY
        )
    assert not Notification.objects.filter(verb__startswith="application.").exists()  # nothing before commit
    assert len(callbacks) == 1
    callbacks[0]()
    note = Notification.objects.get(verb__startswith="application.")
    assert note.recipient == world.user_a
    assert "需要补正材料" in note.title and "请补充审计报告。" in note.body
    assert note.link == f"/applications/{application.pk}/"
    assert [m.to for m in _return_mails(mailoutbox)] == [["a@example.com"]]
    assert "请补充审计报告。" in _return_mails(mailoutbox)[0].body


def test_who_hears_of_what(world, django_capture_on_commit_callbacks, mailoutbox):
    draft = world.application(workflow.DRAFT, assign=False, attachments=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(draft, "submit", world.user_a, today=TODAY)
    # The region's reviewer hears of a submission; the other region's does not; the actor does not.
    ours = Notification.objects.filter(verb__startswith="application.")
    assert set(ours.values_list("recipient__username", flat=True)) == {"shenhe"}
    ours.delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(draft, "accept", world.reviewer, today=TODAY)
        services.application_transition(
            draft, "start_review", world.reviewer, today=TODAY
        )  # internal: no one
        services.expert_assign(draft, world.reviewer, world.expert)
    assert sorted(ours.values_list("recipient__username", "verb")) == [
        ("qiye-a", "application.accept"),
        ("zhuanjia", "application.assign_expert"),
    ]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_the_in_site_notification_and_the_email(live_worker, world, mailoutbox):
    application = world.application(workflow.SUBMITTED)
    services.application_transition(
        application, "return", world.reviewer, comment="请补充审计报告。", today=TODAY
    )
    ours = Notification.objects.filter(verb="application.return")  # other apps notify of matches too
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not (ours.exists() and _return_mails(mailoutbox)):
        time.sleep(0.2)
    note = ours.get()
    assert note.recipient == world.user_a and "请补充审计报告。" in note.body
    mails = _return_mails(mailoutbox)
    assert len(mails) == 1 and mails[0].to == ["a@example.com"]


def _return_mails(outbox) -> list:
    return [m for m in outbox if "退回补正" in m.subject]
