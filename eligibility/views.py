"""Company pages under /me/."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import role_required
from accounts.roles import Role

from .selectors import company_for_user


@role_required(Role.ENTERPRISE)
def company_home(request: HttpRequest) -> HttpResponse:
    company = company_for_user(request.user)
    return render(request, "eligibility/company_home.html", {"company": company})
