"""Upload policy documents and follow their runs (admins only)."""

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.permissions import HasRole
from accounts.roles import Role

from . import selectors, services
from .models import IngestRun, SourceDocument
from .serializers import IngestRunSerializer, SourceDocumentSerializer, UploadSerializer


class IsPortalAdmin(HasRole):
    roles = (Role.ADMIN,)


class SourceDocumentViewSet(
    mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """POST a multipart `file`: the document is kept and a run queued; the answer holds both ids."""

    permission_classes = [IsPortalAdmin]
    parser_classes = [MultiPartParser, FormParser]
    serializer_class = SourceDocumentSerializer
    queryset = SourceDocument.objects.prefetch_related("policies").order_by("-created_at", "-id")

    @extend_schema(request={"multipart/form-data": UploadSerializer}, responses={201: IngestRunSerializer})
    def create(self, request, *args, **kwargs):
        upload = UploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        f = upload.validated_data["file"]
        if f.size > settings.UPLOAD_MAX_BYTES:
            return Response({"detail": services.size_limit_reason()}, status=status.HTTP_400_BAD_REQUEST)
        try:
            document, run = services.upload(f.read(), f.name, request.user)
        except services.IngestError as exc:
            return Response({"detail": exc.reason}, status=status.HTTP_400_BAD_REQUEST)
        doc = SourceDocumentSerializer(document).data
        if run is None:
            latest = selectors.latest_run(document)
            return Response(
                {
                    "detail": f"该文件已上传过(“{document.filename}”),未重复导入",
                    "document": doc,
                    "run": latest.pk if latest else None,
                },
                status=status.HTTP_409_CONFLICT,
            )
        return Response(
            {"document": doc, "run": run.pk, "run_detail": IngestRunSerializer(run).data},
            status=status.HTTP_201_CREATED,
        )


class IngestRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Runs with status, stage, percent, warnings and the result."""

    permission_classes = [IsPortalAdmin]
    serializer_class = IngestRunSerializer
    queryset = IngestRun.objects.order_by("-created_at", "-id")
