"""Writes for accounts: registration and role assignment."""

from django.contrib.auth.models import Group
from django.db import transaction

from eligibility.services import company_register

from .models import User
from .roles import Role


def user_grant_role(user: User, role: Role | str) -> None:
    """Add the user to the group of that role."""
    group, _ = Group.objects.get_or_create(name=Role(role).value)
    user.groups.add(group)
    user.__dict__.pop("_role_names", None)


@transaction.atomic
def enterprise_user_register(
    *, username: str, password: str, display_name: str, phone: str, company_name: str, credit_code: str
) -> User:
    """Create an enterprise user together with the company it signs up for."""
    user = User(username=username, display_name=display_name, phone=phone)
    user.set_password(password)
    user.save()
    user_grant_role(user, Role.ENTERPRISE)
    company_register(credit_code=credit_code, name=company_name, owner=user)
    return user
