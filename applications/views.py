"""Applicant and reviewer pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import role_required
from accounts.roles import Role


@role_required(Role.ENTERPRISE)
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(request, "applications/my_list.html", {"applications": []})


@role_required(Role.REVIEWER, Role.EXPERT, Role.ADMIN)
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "applications/review_queue.html", {"applications": []})
