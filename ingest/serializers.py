"""Ingest documents and runs for the REST API."""

from rest_framework import serializers

from .models import IngestRun, SourceDocument


class SourceDocumentSerializer(serializers.ModelSerializer):
    policies = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = SourceDocument
        fields = ["id", "filename", "size", "sha256", "encoding", "script", "created_at", "policies"]


class IngestRunSerializer(serializers.ModelSerializer):
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    finished = serializers.SerializerMethodField()

    class Meta:
        model = IngestRun
        fields = [
            "id",
            "document",
            "status",
            "status_display",
            "stage",
            "progress",
            "error",
            "warnings",
            "result",
            "created_at",
            "finished_at",
            "finished",
        ]

    def get_finished(self, run: IngestRun) -> bool:
        return run.status in (IngestRun.Status.SUCCEEDED, IngestRun.Status.FAILED)


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True,
        error_messages={"required": "请上传文件(字段名 file)", "empty": "文件为空", "invalid": "文件无效"},
    )
