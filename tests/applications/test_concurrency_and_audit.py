"""Two reviewers at once, append-only events and reviews, approval rules with a controllable clock."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import IntegrityError, InternalError, connection, connections, transaction

from applications import services, workflow
from applications.models import AppendOnlyError, Application, ApplicationEvent, Review

from .conftest import TODAY
from .factories import ClauseFactory, PolicyFactory, ReviewFactory


@pytest.mark.django_db(transaction=True)
def test_two_conflicting_actions_on_separate_connections_exactly_one_wins(world, monkeypatch):
    application = world.application(workflow.SUBMITTED)
    # Both threads read "submitted" and pass every check before either writes: only the conditional
    # UPDATE can tell them apart.
    barrier = threading.Barrier(2, timeout=20)
    prepare = services._prepare

    def prepare_then_wait(*args, **kwargs):
        result = prepare(*args, **kwargs)
        barrier.wait()
        return result

    monkeypatch.setattr(services, "_prepare", prepare_then_wait)
    outcomes: dict[str, object] = {}

    def act(name: str, action: str, actor) -> None:
        try:
            services.application_transition(
                Application.objects.get(pk=application.pk), action, actor, comment="并发测试", today=TODAY
            )
            outcomes[name] = "ok"
        except services.WorkflowError as error:
            outcomes[name] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=("accept", "accept", world.reviewer)),
        threading.Thread(target=act, args=("return", "return", world.admin)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(str(type(o).__name__) if o != "ok" else "ok" for o in outcomes.values()) == [
        "TransitionConflict",
        "ok",
    ], outcomes
    loser = next(o for o in outcomes.values() if o != "ok")
    winner_state = Application.objects.get(pk=application.pk).state
    assert loser.current_state == winner_state
    assert winner_state in (workflow.ACCEPTED, workflow.RETURNED)
    events = ApplicationEvent.objects.filter(application=application)
    assert events.count() == 1
    assert events.get().to_state == winner_state


def test_events_cannot_be_changed_or_deleted_through_the_orm(world):
    application = world.application(workflow.SUBMITTED)
    services.application_transition(application, "accept", world.reviewer, today=TODAY)
    event = application.events.get()
    event.comment = "改写历史"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        ApplicationEvent.objects.filter(pk=event.pk).update(comment="改写历史")
    with pytest.raises(AppendOnlyError):
        ApplicationEvent.objects.filter(pk=event.pk).delete()
    assert ApplicationEvent.objects.get(pk=event.pk).comment == ""


@pytest.mark.skipif(connection.vendor != "postgresql", reason="数据库触发器只在 PostgreSQL 上")
def test_events_and_reviews_cannot_be_changed_or_deleted_with_raw_sql(world):
    application = world.application(workflow.SUBMITTED)
    services.application_transition(application, "accept", world.reviewer, today=TODAY)
    event = application.events.get()
    review = ReviewFactory(application=application, expert=world.expert)
    statements = [
        ("UPDATE applications_applicationevent SET comment = 'x' WHERE id = %s", event.pk),
        ("DELETE FROM applications_applicationevent WHERE id = %s", event.pk),
        ("UPDATE applications_review SET total_score = 300 WHERE id = %s", review.pk),
        ("DELETE FROM applications_review WHERE id = %s", review.pk),
    ]
    for sql, pk in statements:
        with (
            pytest.raises((IntegrityError, InternalError), match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [pk])
    assert ApplicationEvent.objects.get(pk=event.pk).comment == ""
    assert Review.objects.get(pk=review.pk).total_score == 240


def test_reviews_are_append_only_in_the_orm(world):
    review = ReviewFactory(
        application=world.application(workflow.EXPERT_REVIEW, assign=False), expert=world.expert_other
    )
    review.comment = "改"
    with pytest.raises(AppendOnlyError):
        review.save()
    with pytest.raises(AppendOnlyError):
        Review.objects.filter(pk=review.pk).delete()


def _in_publicity(world, **fields) -> Application:
    return world.application(workflow.PUBLICITY, publicity_ends_on=TODAY, **fields)


def test_approval_before_the_publicity_end_date_is_refused(world):
    application = _in_publicity(world)
    for day in (TODAY - dt.timedelta(days=3), TODAY):
        with pytest.raises(services.InvalidAction, match="公示期"):
            services.application_transition(
                application, "approve", world.reviewer, data={"approved_amount_yuan": 100_000}, today=day
            )
    assert Application.objects.get(pk=application.pk).state == workflow.PUBLICITY
    assert not application.events.exists()
    services.application_transition(
        application,
        "approve",
        world.reviewer,
        data={"approved_amount_yuan": 100_000},
        today=TODAY + dt.timedelta(1),
    )
    assert Application.objects.get(pk=application.pk).state == workflow.APPROVED


def test_the_clock_can_be_set_through_settings(world, settings):
    application = _in_publicity(world)
    settings.APPLICATIONS_TODAY = TODAY.isoformat()
    with pytest.raises(services.InvalidAction):
        services.application_transition(
            application, "approve", world.reviewer, data={"approved_amount_yuan": 1}
        )
    settings.APPLICATIONS_TODAY = (TODAY + dt.timedelta(days=1)).isoformat()
    services.application_transition(application, "approve", world.reviewer, data={"approved_amount_yuan": 1})


def test_approved_amount_above_the_clause_cap_is_refused(world):
    application = _in_publicity(world)
    later = TODAY + dt.timedelta(days=1)
    with pytest.raises(services.InvalidAction, match="超过") as caught:
        services.application_transition(
            application, "approve", world.reviewer, data={"approved_amount_yuan": 1_000_001}, today=later
        )
    assert "approved_amount_yuan" in caught.value.field_errors
    with pytest.raises(services.InvalidAction, match="批准金额"):
        services.application_transition(application, "approve", world.reviewer, data={}, today=later)
    assert Application.objects.get(pk=application.pk).state == workflow.PUBLICITY
    services.application_transition(
        application, "approve", world.reviewer, data={"approved_amount_yuan": 1_000_000}, today=later
    )
    assert Application.objects.get(pk=application.pk).approved_amount_yuan == 1_000_000


def test_approved_amount_respects_the_stacking_rule_of_the_policy(world):
    policy = PolicyFactory(stacking="本政策与区内同类政策按照从优不重复原则执行")
    first = ClauseFactory(policy=policy, max_amount_yuan=1_000_000)
    second = ClauseFactory(policy=policy, max_amount_yuan=800_000)
    world.application(workflow.DISBURSED, clause=first, approved_amount_yuan=600_000)
    application = _in_publicity(world, clause=second)
    later = TODAY + dt.timedelta(days=1)
    with pytest.raises(services.InvalidAction, match="剩余额度"):
        services.application_transition(
            application, "approve", world.reviewer, data={"approved_amount_yuan": 300_000}, today=later
        )
    services.application_transition(
        application, "approve", world.reviewer, data={"approved_amount_yuan": 200_000}, today=later
    )


def test_disbursement_needs_amount_and_date_within_the_approval(world):
    application = world.application(workflow.APPROVED, approved_amount_yuan=400_000)
    with pytest.raises(services.InvalidAction) as caught:
        services.application_transition(application, "disburse", world.reviewer, data={}, today=TODAY)
    assert set(caught.value.field_errors) == {"disbursed_amount_yuan", "disbursed_on"}
    with pytest.raises(services.InvalidAction, match="超过批准金额"):
        services.application_transition(
            application,
            "disburse",
            world.reviewer,
            data={"disbursed_amount_yuan": 400_001, "disbursed_on": TODAY.isoformat()},
            today=TODAY,
        )
    services.application_transition(
        application,
        "disburse",
        world.reviewer,
        data={"disbursed_amount_yuan": 400_000, "disbursed_on": TODAY.isoformat()},
        today=TODAY,
    )
    application.refresh_from_db()
    assert (application.state, application.disbursed_on) == (workflow.DISBURSED, TODAY)
