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


class PolicySource(models.Model):
    """Another document that carries a policy already held, without becoming a version of it.

    ``repost`` is a copy with no more information (fewer clauses, no 文号 …) and no other money;
    ``older`` is an earlier edition by its 文号 or dates; ``rejected`` is a conflicting copy an admin
    decided not to publish. The row also remembers that decision across re-ingests.
    """

    class Kind(models.TextChoices):
        REPOST = "repost", "转载(信息较少)"
        OLDER = "older", "较早版本"
        REJECTED = "rejected", "冲突版本(已驳回)"

    policy = models.ForeignKey(
        "policies.Policy", verbose_name="政策", on_delete=models.CASCADE, related_name="other_sources"
    )
    document = models.ForeignKey(
        SourceDocument, verbose_name="来源文件", on_delete=models.CASCADE, related_name="policy_sources"
    )
    title = models.CharField("来源中的标题", max_length=300)
    kind = models.CharField("关系", max_length=20, choices=Kind.choices)
    diff = models.JSONField("与已有版本的差异", default=dict, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="裁决人", on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "政策的其他来源"
        verbose_name_plural = "政策的其他来源"
        constraints = [
            models.UniqueConstraint(fields=["policy", "document", "title"], name="unique_policy_source")
        ]

    def __str__(self) -> str:
        return f"{self.policy_id} ← {self.document} ({self.get_kind_display()})"


class RequirementSettlement(models.Model):
    """An admin's decision on a requirement phrase the extractor could not settle.

    Keyed by the policy's lineage (its first version) and the phrase with spaces and punctuation
    removed, so it survives re-ingest and applies to later versions where the phrase is unchanged.
    """

    class Kind(models.TextChoices):
        FACT = "fact", "按画像事实判断"
        DECLARATION = "declaration", "请企业声明"
        REVIEW = "review", "以评审结果为准"
        NONE = "none", "不是申报条件"

    lineage = models.ForeignKey(
        "policies.Policy", verbose_name="政策(首个版本)", on_delete=models.CASCADE, related_name="+"
    )
    phrase_key = models.CharField("规范化原文", max_length=500)
    phrase = models.TextField("原文条件")
    kind = models.CharField("处理方式", max_length=20, choices=Kind.choices)
    # kind=fact: the condition leaf {"fact", "op", "value"}
    condition = models.JSONField("条件", null=True, blank=True)
    # kind=declaration: the question asked of the company
    key = models.CharField("问题标识", max_length=100, blank=True)
    question = models.CharField("问题", max_length=300, blank=True)
    answer_type = models.CharField("回答类型", max_length=10, blank=True)
    unit = models.CharField("单位", max_length=20, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="处理人", on_delete=models.SET_NULL, null=True, blank=True
    )
    settled_at = models.DateTimeField("处理时间", auto_now=True)

    class Meta:
        verbose_name = "原文条件的处理"
        verbose_name_plural = "原文条件的处理"
        constraints = [
            models.UniqueConstraint(fields=["lineage", "phrase_key"], name="unique_settlement_per_phrase")
        ]

    def __str__(self) -> str:
        return f"{self.phrase} → {self.get_kind_display()}"
