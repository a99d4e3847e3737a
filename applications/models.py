"""Applications for clauses, their attachments, append-only events and expert reviews."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from places import place_path, place_scope

from . import workflow
from .storage import private_storage


class AppendOnlyError(Exception):
    """An append-only record (event, review) was about to be changed or deleted."""


class AppendOnlyModel(models.Model):
    """A row that is written once: saving an existing row or deleting one raises."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError(f"{self._meta.verbose_name}只能新增,不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{self._meta.verbose_name}只能新增,不能删除")


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk update and delete are refused too."""

    def update(self, **kwargs):
        raise AppendOnlyError("只能新增,不能修改")

    def delete(self):
        raise AppendOnlyError("只能新增,不能删除")


def region_q(user, prefix: str = "policy__") -> Q | None:
    """The policies of a reviewer's region (province + city + district), or None when it has none.

    Places compare through the gazetteer (西安高新区 is 西安高新技术产业开发区); a district written
    without its province and city is compared as written.
    """
    scope = place_scope(user.province, user.city, user.district)
    if scope is not None:
        path, exact = scope
        return Q(**{f"{prefix}place_path" if exact else f"{prefix}place_path__startswith": path})
    parts = {"province": user.province, "city": user.city, "region": user.district}
    cond = Q()
    filled = False
    for field, value in parts.items():
        if value:
            cond &= Q(**{f"{prefix}{field}": value})
            filled = True
    return cond if filled else None


def handled_q(user, prefix: str = "policy__") -> Q | None:
    """The policies a reviewer handles: those its offices (受理部门) receive, and those of its region."""
    conds: list[Q] = []
    if user.offices.exists():
        conds.append(Q(**{f"{prefix}office__in": user.offices.values("pk")}))
    region = region_q(user, prefix)
    if region is not None:
        conds.append(region)
    if not conds:
        return None
    combined = conds[0]
    for cond in conds[1:]:
        combined |= cond
    return combined


def handles_policy(user, policy) -> bool:
    """Whether a reviewer handles the policy (its office, or its region as the fallback)."""
    if policy.office_id and user.offices.filter(pk=policy.office_id).exists():
        return True
    scope = place_scope(user.province, user.city, user.district)
    if scope is not None:
        path, exact = scope
        policy_path = place_path(policy.province, policy.city, policy.region)
        return policy_path == path if exact else policy_path.startswith(path)
    parts = {"province": user.province, "city": user.city, "region": user.district}
    filled = {field: value for field, value in parts.items() if value}
    return bool(filled) and all(getattr(policy, field) == value for field, value in filled.items())


class ApplicationQuerySet(models.QuerySet):
    """Reads that speak the domain: what a user may see, what awaits review."""

    def open(self) -> ApplicationQuerySet:
        return self.filter(state__in=workflow.OPEN_STATES)

    def for_company_of(self, user) -> ApplicationQuerySet:
        """Applications of the companies the user is a member of."""
        return self.filter(company__membership__user=user)

    def handled_by(self, user) -> ApplicationQuerySet:
        """Applications to policies the reviewer handles (its offices, its region)."""
        cond = handled_q(user)
        return self.filter(cond) if cond is not None else self.none()

    def assigned_to(self, user) -> ApplicationQuerySet:
        """Applications an expert is assigned to."""
        return self.filter(assignments__expert=user)

    def visible_to(self, user) -> ApplicationQuerySet:
        """Everything the user may see: admin all; reviewer its offices and region; expert assigned; own."""
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_portal_admin:
            return self.all()
        conds: list[Q] = []
        if user.is_reviewer:
            cond = handled_q(user)
            if cond is not None:
                conds.append(cond & ~Q(state=workflow.DRAFT))
        if user.is_expert:
            conds.append(Q(pk__in=Assignment.objects.filter(expert=user).values("application_id")))
        if user.is_enterprise:
            conds.append(Q(company__in=user.companies.values("pk")))
        if not conds:
            return self.none()
        combined = conds[0]
        for cond in conds[1:]:
            combined |= cond
        return self.filter(combined)

    def awaiting_review_for(self, user) -> ApplicationQuerySet:
        """Applications in a review stage that this reviewer (or admin) may act on, oldest deadline first."""
        qs = self.visible_to(user).filter(state__in=workflow.REVIEW_STATES)
        if user.is_expert and not (user.is_reviewer or user.is_portal_admin):
            qs = qs.filter(state=workflow.EXPERT_REVIEW)
        return qs.order_by(models.F("due_on").asc(nulls_last=True), "submitted_at", "pk")

    def filtered(
        self,
        *,
        policy: int | None = None,
        state: str | None = None,
        due_before=None,
        company: str = "",
    ) -> ApplicationQuerySet:
        """Narrow by policy, stage, deadline (due on or before) and company name or credit code."""
        qs = self
        if policy:
            qs = qs.filter(policy_id=policy)
        if state:
            qs = qs.filter(state=state)
        if due_before:
            qs = qs.filter(due_on__lte=due_before)
        if company:
            qs = qs.filter(Q(company__name__icontains=company) | Q(company__credit_code__iexact=company))
        return qs


class Application(models.Model):
    """One company's application for one clause of a published policy."""

    company = models.ForeignKey(
        "eligibility.Company", verbose_name="企业", on_delete=models.PROTECT, related_name="applications"
    )
    policy = models.ForeignKey(
        "policies.Policy", verbose_name="政策", on_delete=models.PROTECT, related_name="applications"
    )
    clause = models.ForeignKey(
        "policies.Clause", verbose_name="条款", on_delete=models.PROTECT, related_name="applications"
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申报人", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        "状态", max_length=30, choices=workflow.STATE_CHOICES, default=workflow.DRAFT, db_index=True
    )
    requested_amount_yuan = models.BigIntegerField("申请金额(元)", null=True, blank=True)
    project_description = models.TextField("项目说明", blank=True)
    project_investment_yuan = models.BigIntegerField("项目总投资(元)", null=True, blank=True)
    eligibility = models.JSONField("提交时的匹配结果", null=True, blank=True)
    revision = models.PositiveIntegerField("提交次数", default=0)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    due_on = models.DateField("办理期限", null=True, blank=True, db_index=True)
    publicity_ends_on = models.DateField("公示截止日期", null=True, blank=True)
    proposed_amount_yuan = models.BigIntegerField("拟支持金额(元)", null=True, blank=True)
    approved_amount_yuan = models.BigIntegerField("批准金额(元)", null=True, blank=True)
    disbursed_amount_yuan = models.BigIntegerField("拨付金额(元)", null=True, blank=True)
    disbursed_on = models.DateField("拨付日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "申报"
        verbose_name_plural = "申报"
        constraints = [
            models.UniqueConstraint(
                fields=["company", "clause"],
                condition=Q(state__in=workflow.OPEN_STATES),
                name="one_open_application_per_company_clause",
                violation_error_message="该企业已有此条款的进行中申报。",
            ),
        ]
        indexes = [models.Index(fields=["policy", "state"])]

    def __str__(self) -> str:
        return f"{self.company} · {self.clause}"

    @property
    def staff_state(self) -> str:
        return workflow.staff_name(self.state)

    @property
    def applicant_state(self) -> str:
        return workflow.applicant_name(self.state)

    @property
    def is_editable(self) -> bool:
        return self.state in workflow.EDITABLE_STATES

    @property
    def eligibility_status(self) -> str | None:
        return (self.eligibility or {}).get("status")


class ApplicationEventQuerySet(AppendOnlyQuerySet):
    def public(self) -> ApplicationEventQuerySet:
        """Events the applicant sees on its timeline."""
        return self.filter(is_public=True)


class ApplicationEvent(AppendOnlyModel):
    """One thing that happened to an application; append-only (model, queryset and database guard)."""

    application = models.ForeignKey(
        Application, verbose_name="申报", on_delete=models.PROTECT, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField("操作", max_length=40)
    from_state = models.CharField("原状态", max_length=30)
    to_state = models.CharField("新状态", max_length=30)
    comment = models.TextField("意见", blank=True)
    data = models.JSONField("数据", default=dict, blank=True)
    is_public = models.BooleanField("申报人可见", default=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    objects = ApplicationEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"

    def __str__(self) -> str:
        return f"{self.action}: {self.from_state} -> {self.to_state}"

    @property
    def action_label(self) -> str:
        return workflow.ACTION_LABELS.get(self.action, self.action)

    @property
    def to_state_applicant(self) -> str:
        return workflow.applicant_name(self.to_state)

    @property
    def to_state_staff(self) -> str:
        return workflow.staff_name(self.to_state)


def attachment_path(instance: Attachment, filename: str) -> str:
    """Stored under a random name; the original name is kept on the row."""
    import uuid

    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"applications/{instance.application_id}/{uuid.uuid4().hex}.{ext}"


class Attachment(models.Model):
    """A file supporting an application, kept in private storage."""

    application = models.ForeignKey(
        Application, verbose_name="申报", on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField("文件", upload_to=attachment_path, storage=private_storage, max_length=300)
    original_name = models.CharField("原文件名", max_length=255)
    size = models.PositiveBigIntegerField("大小(字节)")
    content_type = models.CharField("类型", max_length=100)
    description = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "附件"
        verbose_name_plural = "附件"

    def __str__(self) -> str:
        return self.original_name


class ReviewCriterion(models.Model):
    """One scoring criterion of a policy's expert review (default: 技术先进性, 经济效益, 实施可行性)."""

    policy = models.ForeignKey(
        "policies.Policy", verbose_name="政策", on_delete=models.CASCADE, related_name="review_criteria"
    )
    name = models.CharField("名称", max_length=100)
    max_score = models.PositiveIntegerField("满分", default=100)
    order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        ordering = ["policy_id", "order", "id"]
        verbose_name = "评审指标"
        verbose_name_plural = "评审指标"
        constraints = [models.UniqueConstraint(fields=["policy", "name"], name="unique_criterion_per_policy")]

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """An expert assigned to review an application."""

    application = models.ForeignKey(
        Application, verbose_name="申报", on_delete=models.CASCADE, related_name="assignments"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="专家", on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="分配人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("分配时间", auto_now_add=True)

    class Meta:
        verbose_name = "专家分配"
        verbose_name_plural = "专家分配"
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="unique_expert_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.expert} -> {self.application_id}"


class Review(AppendOnlyModel):
    """An expert's review: a score per criterion, a recommendation and a comment; append-only."""

    class Recommendation(models.TextChoices):
        SUPPORT = "support", "建议支持"
        SUPPORT_REDUCED = "support_reduced", "建议核减后支持"
        OPPOSE = "oppose", "不建议支持"

    application = models.ForeignKey(
        Application, verbose_name="申报", on_delete=models.PROTECT, related_name="reviews"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="专家", on_delete=models.PROTECT, related_name="reviews"
    )
    scores = models.JSONField("各项得分", default=dict)
    total_score = models.PositiveIntegerField("总分")
    recommendation = models.CharField("评审建议", max_length=30, choices=Recommendation.choices)
    reduced_amount_yuan = models.BigIntegerField("核减后建议金额(元)", null=True, blank=True)
    comment = models.TextField("评审意见")
    revision = models.PositiveIntegerField("评审的提交版本", default=0)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = "专家评审"
        verbose_name_plural = "专家评审"
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert"],
                name="one_review_per_expert_per_application",
                violation_error_message="该专家已提交过对此申报的评审意见。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} · {self.total_score}"
