"""Every (state, action, role): the allowed ones move and write one event; all others change nothing."""

from __future__ import annotations

import pytest

from accounts.roles import Role
from applications import services, workflow
from applications.models import Application, ApplicationEvent

from .conftest import TODAY

ACTION_DATA = {
    "approved_amount_yuan": 400_000,
    "disbursed_amount_yuan": 400_000,
    "disbursed_on": TODAY.isoformat(),
}

# The expected table, written out by hand (not derived from workflow.py), so a wrong declaration fails.
APPLICANT = {Role.ENTERPRISE}
STAFF = {Role.REVIEWER, Role.ADMIN}
EXPECTED: dict[tuple[str, str], tuple[str, set[Role]]] = {
    ("draft", "submit"): ("submitted", APPLICANT),
    ("returned", "submit"): ("submitted", APPLICANT),
    ("draft", "withdraw"): ("withdrawn", APPLICANT),
    ("submitted", "withdraw"): ("withdrawn", APPLICANT),
    ("returned", "withdraw"): ("withdrawn", APPLICANT),
    ("submitted", "accept"): ("accepted", STAFF),
    ("submitted", "return"): ("returned", STAFF),
    ("accepted", "return"): ("returned", STAFF),
    ("preliminary_review", "return"): ("returned", STAFF),
    ("accepted", "start_review"): ("preliminary_review", STAFF),
    ("preliminary_review", "pass_preliminary"): ("expert_review", STAFF),
    ("expert_review", "conclude_expert"): ("publicity", STAFF),
    ("publicity", "approve"): ("approved", STAFF),
    ("submitted", "reject"): ("rejected", STAFF),
    ("accepted", "reject"): ("rejected", STAFF),
    ("preliminary_review", "reject"): ("rejected", STAFF),
    ("expert_review", "reject"): ("rejected", STAFF),
    ("publicity", "reject"): ("rejected", STAFF),
    ("approved", "disburse"): ("disbursed", STAFF),
}

CASES = [(state, action) for state in workflow.STATES for action in workflow.ACTIONS]


def test_the_declared_workflow_is_the_expected_table():
    declared = {
        (source, t.action): (t.target, set(t.roles))
        for t in workflow.TRANSITIONS.values()
        for source in t.sources
    }
    assert declared == EXPECTED


def test_every_state_has_a_staff_and_an_applicant_name():
    for state in workflow.STATES.values():
        assert state.staff_name and state.applicant_name


@pytest.mark.parametrize(("state", "action"), CASES, ids=[f"{s}-{a}" for s, a in CASES])
def test_state_action_role(world, state, action):
    actors = {
        Role.ENTERPRISE: world.user_a,
        Role.REVIEWER: world.reviewer,
        Role.EXPERT: world.expert,
        Role.ADMIN: world.admin,
    }
    target, roles = EXPECTED.get((state, action), (None, set()))
    for role, actor in actors.items():
        application = world.application(state, attachments=1)
        before = ApplicationEvent.objects.filter(application=application).count()
        allowed = target is not None and role in roles
        if allowed:
            result = services.application_transition(
                application, action, actor, comment="测试意见", data=ACTION_DATA, today=TODAY
            )
            assert result.state == target, (role, state, action)
            assert Application.objects.get(pk=application.pk).state == target
            event = ApplicationEvent.objects.filter(application=application).latest("id")
            assert (event.action, event.from_state, event.to_state, event.actor) == (
                action,
                state,
                target,
                actor,
            )
            assert ApplicationEvent.objects.filter(application=application).count() == before + 1
        else:
            expected_error = (
                services.TransitionConflict if role in (roles or _roles_of(action)) else Exception
            )
            with pytest.raises(services.WorkflowError) as caught:
                services.application_transition(
                    application, action, actor, comment="测试意见", data=ACTION_DATA, today=TODAY
                )
            assert isinstance(caught.value, expected_error)
            if role not in _roles_of(action):
                assert isinstance(caught.value, services.ActionForbidden)
            assert Application.objects.get(pk=application.pk).state == state
            assert ApplicationEvent.objects.filter(application=application).count() == before


def _roles_of(action: str) -> set[Role]:
    return set(workflow.TRANSITIONS[action].roles)


def test_a_comment_is_required_to_return_or_reject(world):
    for action in ("return", "reject"):
        application = world.application(workflow.SUBMITTED)
        with pytest.raises(services.InvalidAction) as caught:
            services.application_transition(application, action, world.reviewer, comment="  ", today=TODAY)
        assert "意见" in caught.value.message
        application.refresh_from_db()
        assert application.state == workflow.SUBMITTED
        assert not application.events.exists()


def test_conflict_names_the_current_state(world):
    application = world.application(workflow.ACCEPTED)
    with pytest.raises(services.TransitionConflict) as caught:
        services.application_transition(application, "accept", world.reviewer, today=TODAY)
    assert caught.value.current_state == "accepted"
    assert "已受理" in caught.value.message


def test_expert_review_needs_at_least_one_review(world):
    application = world.application(workflow.PRELIMINARY_REVIEW)
    services.application_transition(application, "pass_preliminary", world.reviewer, today=TODAY)
    with pytest.raises(services.InvalidAction, match="专家评审"):
        services.application_transition(application, "conclude_expert", world.reviewer, today=TODAY)
    assert Application.objects.get(pk=application.pk).state == workflow.EXPERT_REVIEW


def test_publicity_lasts_five_working_days_skipping_weekends(world):
    application = world.application(workflow.EXPERT_REVIEW)
    friday = TODAY.replace(day=12)
    services.application_transition(application, "conclude_expert", world.reviewer, today=friday)
    application.refresh_from_db()
    assert application.publicity_ends_on.isoformat() == "2026-06-19"  # Mon 15 .. Fri 19
    assert workflow.add_working_days(TODAY, 5).isoformat() == "2026-06-17"


def test_an_unknown_action_is_refused(world):
    application = world.application(workflow.SUBMITTED)
    with pytest.raises(services.UnknownAction):
        services.application_transition(application, "approve_everything", world.admin)


def test_submission_freezes_the_eligibility(world):
    application = world.application(workflow.DRAFT, attachments=1)
    services.application_transition(application, "submit", world.user_a, today=TODAY)
    application.refresh_from_db()
    assert application.eligibility["status"] == "eligible"
    assert application.eligibility["as_of"] == TODAY.isoformat()
    assert application.eligibility["profile"]["district"] == "朝阳区"
    assert application.revision == 1
    # Later profile changes do not touch the frozen result.
    profile = world.company_a.profile
    profile.data = {**profile.data, "district": "海淀区"}
    profile.save()
    application.refresh_from_db()
    assert application.eligibility["status"] == "eligible"


def test_a_company_that_does_not_qualify_may_still_submit_and_the_snapshot_shows_it(world):
    profile = world.company_b.profile
    profile.data = {**profile.data, "district": "海淀区"}
    profile.save()
    application = world.application(workflow.DRAFT, company=world.company_b, attachments=1)
    services.application_transition(application, "submit", world.user_b, today=TODAY)
    application.refresh_from_db()
    assert application.state == workflow.SUBMITTED
    assert application.eligibility["status"] == "ineligible"
    assert any(r["outcome"] is False for r in application.eligibility["reasons"])


def test_one_open_application_per_company_and_clause(world):
    from django.db import IntegrityError, transaction

    world.application(workflow.SUBMITTED, clause=world.clause)
    with pytest.raises(services.InvalidAction, match="进行中"):
        services.application_create(
            company=world.company_a, clause=world.clause, applicant=world.user_a, fields={}
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        world.application(workflow.DRAFT, clause=world.clause, assign=False)
    # Closed ones do not count.
    Application.objects.filter(company=world.company_a).update(state=workflow.WITHDRAWN)
    assert (
        services.application_create(
            company=world.company_a, clause=world.clause, applicant=world.user_a, fields={}
        ).state
        == workflow.DRAFT
    )
