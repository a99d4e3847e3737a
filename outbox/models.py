"""The transactional outbox: follow-up work recorded in the same transaction as the change."""

from django.db import models


class OutboxMessage(models.Model):
    """One Celery task to run because a change was committed; kept until it has run once."""

    task = models.CharField("任务", max_length=100)
    args = models.JSONField("参数", default=list)
    # True: the task's writes and the "done" mark commit together (exactly once);
    # False: long tasks that report progress outside a transaction (ingest), claimed before running.
    atomic = models.BooleanField("事务内执行", default=True)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)
    sent_at = models.DateTimeField("最近发送时间", null=True, blank=True)
    started_at = models.DateTimeField("最近开始时间", null=True, blank=True)
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    failed_at = models.DateTimeField("放弃时间", null=True, blank=True)
    attempts = models.PositiveIntegerField("发送次数", default=0)
    last_error = models.TextField("最近错误", blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = "待发送任务"
        verbose_name_plural = "待发送任务"
        indexes = [
            models.Index(
                fields=["id"],
                name="outbox_pending",
                condition=models.Q(done_at__isnull=True, failed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.task}{self.args}"
