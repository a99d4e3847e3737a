"""Read-only API over published policies; `?q=` searches."""

from django.db.models import Prefetch
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.response import Response

from config.query import check_api_query

from . import pagecache
from .forms import LibraryFilterForm
from .models import Clause, Policy
from .selectors import policy_list
from .serializers import PolicyListSerializer, PolicySerializer


@extend_schema_view(
    list=extend_schema(
        description="已发布的政策,可按关键词和条件筛选。未知的查询参数或无效的取值(如 validity=bogus)返回 400,"
        "errors 中按参数名给出中文说明。",
        parameters=[
            OpenApiParameter(
                "q", OpenApiTypes.STR, description="关键词:标题、地区、文号、条款内容(简繁均可)"
            ),
            OpenApiParameter("region", OpenApiTypes.STR, description="区县、城市或园区"),
            OpenApiParameter("industry", OpenApiTypes.STR, description="产业标签,如 人工智能"),
            OpenApiParameter("issuer", OpenApiTypes.STR, description="发文机关(包含)"),
            OpenApiParameter("validity", OpenApiTypes.STR, enum=["in_force", "pending", "expired", "draft"]),
            OpenApiParameter("has_money", OpenApiTypes.BOOL),
            OpenApiParameter("open_now", OpenApiTypes.BOOL, description="申报中"),
            OpenApiParameter("amount_min", OpenApiTypes.STR, description="单项最高金额下限,如 100万"),
            OpenApiParameter("amount_max", OpenApiTypes.STR, description="单项最高金额上限,如 1亿"),
            OpenApiParameter("sort", OpenApiTypes.STR, enum=["relevance", "newest", "largest", "closing"]),
        ],
    )
)
class PolicyViewSet(viewsets.ReadOnlyModelViewSet):
    """Published policies; the detail is INGEST_JSON's policy plus ids. An unknown query parameter or
    an invalid filter value is a 400 naming it (never the whole library)."""

    query_parameters = tuple(LibraryFilterForm.base_fields)

    def get_queryset(self):
        if self.action == "list":
            form = LibraryFilterForm(self.request.query_params or None)
            check_api_query(self.request.query_params, self.query_parameters, form)
            return policy_list(form.filters())[0]
        return Policy.objects.published().prefetch_related(
            Prefetch("clauses", queryset=Clause.objects.order_by("order").prefetch_related("benefits"))
        )

    def list(self, request, *args, **kwargs):
        """The anonymous list is the same for every anonymous caller: kept per query string, host and
        scheme (the page links are absolute) in the policy pages' cache (pagecache: a new generation
        with every policy change, the date in the key). A refused query (400, 404) is not kept."""
        if request.user.is_authenticated:
            return super().list(request, *args, **kwargs)
        parts = (request.scheme, request.get_host(), pagecache.query_key(request.query_params))
        data = pagecache.cached("api-policies", parts, lambda: super(PolicyViewSet, self).list(request).data)
        return Response(data)

    def get_serializer_class(self):
        return PolicyListSerializer if self.action == "list" else PolicySerializer
