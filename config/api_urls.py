"""The REST API under /api/: each app registers its viewsets on one router."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from accounts.api import ObtainTokenView
from applications.api import ApplicationViewSet
from ingest.api import IngestRunViewSet, SourceDocumentViewSet
from policies.api import PolicyViewSet

router = DefaultRouter()
router.register("policies", PolicyViewSet, basename="policy")
router.register("applications", ApplicationViewSet, basename="application")
router.register("ingest/documents", SourceDocumentViewSet, basename="ingest-document")
router.register("ingest/runs", IngestRunViewSet, basename="ingest-run")

urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("me/", include("eligibility.api_urls")),
    *router.urls,
]
