"""Writes for accounts: registration and role assignment."""

from django.contrib.auth.models import Group
from django.db import transaction

from eligibility.services import company_register

from .models import Office, User
from .roles import Role


def user_grant_role(user: User, role: Role | str) -> None:
    """Add the user to the group of that role."""
    group, _ = Group.objects.get_or_create(name=Role(role).value)
    user.groups.add(group)
    user.__dict__.pop("_role_names", None)


@transaction.atomic
def enterprise_user_register(
    *,
    username: str,
    password: str,
    display_name: str,
    phone: str,
    company_name: str,
    credit_code: str,
    email: str = "",
) -> User:
    """Create an enterprise user together with the company it signs up for."""
    user = User(username=username, display_name=display_name, phone=phone, email=email)
    user.set_password(password)
    user.save()
    user_grant_role(user, Role.ENTERPRISE)
    company_register(credit_code=credit_code, name=company_name, owner=user)
    return user


def default_office_name(issuer: str | None, region_label: str, handling_office: str = "") -> str:
    """The name of a policy's default 受理部门: the office its text names, else its (first) issuer, else
    the region's service centre."""
    if (handling_office or "").strip():
        return handling_office.strip()[:200]
    first = (issuer or "").replace("、", " ").replace(",", " ").split()
    if first:
        return first[0][:200]
    return f"{region_label or '平台'}政务服务中心"


def office_for_policy(policy) -> Office:
    """The policy's 受理部门: its own; else the office its text names (受理部门, 咨询电话); else an office
    of its region; else one named after its issuer. Used on publish, so every published policy has one."""
    if policy.office_id:
        return policy.office
    where = {"province": policy.province, "city": policy.city, "region": policy.region}
    named = (getattr(policy, "handling_office", "") or "").strip()
    if not named:
        existing = Office.objects.filter(**where).order_by("pk").first()
        if existing is not None:
            return existing
    office, _ = Office.objects.get_or_create(
        name=default_office_name(policy.issuer, policy.region_label, named),
        **where,
        defaults={"phone": (getattr(policy, "contact_phone", "") or "")[:50]},
    )
    return office
