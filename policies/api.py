"""Read-only API over published policies; `?q=` searches."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from .models import Clause, Policy
from .selectors import policy_list
from .serializers import PolicyListSerializer, PolicySerializer


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("q", OpenApiTypes.STR, description="关键词:标题、地区、文号、条款内容")]
    )
)
class PolicyViewSet(viewsets.ReadOnlyModelViewSet):
    """Published policies; the detail is INGEST_JSON's policy plus ids."""

    def get_queryset(self):
        if self.action == "list":
            return policy_list(q=self.request.query_params.get("q", "")).order_by("-id")
        return Policy.objects.published().prefetch_related(
            Prefetch("clauses", queryset=Clause.objects.order_by("order").prefetch_related("benefits"))
        )

    def get_serializer_class(self):
        return PolicyListSerializer if self.action == "list" else PolicySerializer
