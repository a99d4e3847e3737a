"""seed_demo creates the demo accounts once; a second run changes nothing."""

import pytest
from django.core.management import call_command

from accounts.models import User
from eligibility.models import Company

pytestmark = pytest.mark.django_db


def snapshot():
    users = sorted(
        (u.username, u.password, tuple(sorted(u.groups.values_list("name", flat=True))))
        for u in User.objects.all()
    )
    companies = sorted((c.credit_code, c.name, str(c.profile.data)) for c in Company.objects.all())
    from applications.models import Application, ApplicationEvent
    from policies.models import Clause, Policy

    counts = [m.objects.count() for m in (Policy, Clause, Application, ApplicationEvent)]
    return users, companies, counts


def test_seed_demo_is_idempotent(settings):
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    qiye = User.objects.get(username="qiye")
    assert qiye.is_enterprise and qiye.check_password(settings.DEMO_PASSWORD)
    profile = qiye.companies.get().profile
    assert (profile.province, profile.city, profile.district) == ("北京市", "北京市", "朝阳区")
    shenhe = User.objects.get(username="shenhe")
    assert shenhe.is_reviewer and shenhe.district == "朝阳区"
    assert User.objects.get(username="zhuanjia").is_expert
    assert User.objects.get(username="guanli").is_portal_admin
    from applications.models import Application

    application = Application.objects.get()  # the review desk has work to show
    assert application.company == qiye.companies.get()
    assert application.state == "submitted"
    assert application.policy.region == "朝阳区"


def test_seed_demo_keeps_the_full_chaoyang_policy_published():
    """Seed 001 reposts the Chaoyang policy abridged and with other money: it must not replace 000."""
    from policies.models import Policy

    call_command("seed_demo")
    title = "朝阳区关于支持互联网3.0创新发展的若干措施(试行)"
    published = Policy.objects.published().get(title=title)
    assert published.source_document.filename.startswith("000_")
    assert published.stacking == "就高原则"
    assert published.clauses.count() > 20
    assert published.previous_version is None
    waiting = Policy.objects.get(previous_version=published)  # the repost waits for an admin's decision
    assert waiting.status == Policy.Status.DRAFT and waiting.diff.get("conflict")


def test_seed_files_match_their_recorded_checksums():
    import hashlib
    from pathlib import Path

    seeds = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
    lines = (seeds / "SHA256SUMS").read_text().split("\n")
    recorded = dict(reversed(line.split()) for line in lines if line.strip())
    assert len(recorded) == 5
    for name, digest in recorded.items():
        assert hashlib.sha256((seeds / name).read_bytes()).hexdigest() == digest
