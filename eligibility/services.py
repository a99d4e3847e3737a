"""Writes for companies and their profiles."""

from django.db import transaction

from .credit_code import validate
from .models import Company, CompanyProfile, Membership


@transaction.atomic
def company_register(*, credit_code: str, name: str, owner) -> Company:
    """Create a company with an empty profile and ``owner`` as its first member."""
    company = Company.objects.create(credit_code=validate(credit_code), name=name.strip())
    CompanyProfile.objects.create(
        company=company, data={"credit_code": company.credit_code, "name": company.name}
    )
    Membership.objects.create(company=company, user=owner, is_owner=True)
    return company
