"""Admin pages for uploading and reviewing policy documents."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.permissions import role_required
from accounts.roles import Role

from .models import SourceDocument


@role_required(Role.ADMIN)
def document_list(request: HttpRequest) -> HttpResponse:
    documents = SourceDocument.objects.prefetch_related("policies")[:100]
    return render(request, "ingest/document_list.html", {"documents": documents})
