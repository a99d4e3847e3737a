"""Uploaded source documents and the ingest runs over them."""

from django.conf import settings
from django.db import models


class SourceDocument(models.Model):
    """The raw bytes of an uploaded policy document, kept as received."""

    filename = models.CharField("文件名", max_length=255)
    file = models.FileField("原始文件", upload_to="sources/%Y/%m/")
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    size = models.PositiveBigIntegerField("大小(字节)", default=0)
    content_type = models.CharField("类型", max_length=100, blank=True)
    encoding = models.CharField("编码", max_length=30, blank=True)
    script = models.CharField("字形", max_length=10, blank=True)
    original_text = models.TextField("原文", blank=True)
    text = models.TextField("规范化文本", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "来源文件"
        verbose_name_plural = "来源文件"

    def __str__(self) -> str:
        return self.filename


class IngestRun(models.Model):
    """One pass of the pipeline over a source document, with its progress and outcome."""

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "处理中"
        SUCCEEDED = "succeeded", "已完成"
        FAILED = "failed", "失败"

    document = models.ForeignKey(
        SourceDocument, verbose_name="来源文件", on_delete=models.CASCADE, related_name="runs"
    )
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("进度(%)", default=0)
    stage = models.CharField("当前步骤", max_length=100, blank=True)
    error = models.TextField("错误", blank=True)
    warnings = models.JSONField("提示", default=list, blank=True)
    result = models.JSONField("抽取结果", default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "导入任务"
        verbose_name_plural = "导入任务"

    def __str__(self) -> str:
        return f"{self.document} ({self.get_status_display()})"
