"""Policies, their clauses and the benefits each clause grants."""

import datetime as dt

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone

from places import place_path


class Validity(models.TextChoices):
    """Where a policy stands on a day, from its dates and whether it is a draft for comment."""

    IN_FORCE = "in_force", "现行有效"
    PENDING = "pending", "尚未施行"
    EXPIRED = "expired", "已失效"
    DRAFT = "draft", "征求意见稿"


class PolicyQuerySet(models.QuerySet):
    def published(self) -> "PolicyQuerySet":
        return self.filter(status=Policy.Status.PUBLISHED)

    def with_validity(self, validity: str, on: dt.date | None = None) -> "PolicyQuerySet":
        """Policies that stand at `validity` on the day (today by default)."""
        on = on or timezone.localdate()
        final = models.Q(is_draft=False)
        q = {
            Validity.DRAFT: models.Q(is_draft=True),
            Validity.PENDING: final & models.Q(effective_from__gt=on),
            Validity.EXPIRED: final & models.Q(effective_until__lt=on),
            Validity.IN_FORCE: final
            & (models.Q(effective_from__isnull=True) | models.Q(effective_from__lte=on))
            & (models.Q(effective_until__isnull=True) | models.Q(effective_until__gte=on)),
        }.get(validity)
        return self if q is None else self.filter(q)

    def open_for_applications(self, on: dt.date | None = None) -> "PolicyQuerySet":
        """In force, and inside its 申报时间 where one is stated."""
        on = on or timezone.localdate()
        return self.with_validity(Validity.IN_FORCE, on).filter(
            models.Q(apply_from__isnull=True) | models.Q(apply_from__lte=on),
            models.Q(apply_until__isnull=True) | models.Q(apply_until__gte=on),
        )


class Policy(models.Model):
    """One policy document (若干措施, 支持办法 …) as extracted, corrected and published."""

    class Status(models.TextChoices):
        DRAFT = "draft", "待审核"
        PUBLISHED = "published", "已发布"
        SUPERSEDED = "superseded", "已被新版本替代"
        ARCHIVED = "archived", "已下架"

    title = models.CharField("标题", max_length=300)
    title_key = models.CharField("标题(规范化)", max_length=300, blank=True, db_index=True)
    doc_number = models.CharField("文号", max_length=100, blank=True, null=True)
    issuer = models.CharField("发文机关", max_length=200, blank=True, null=True)
    province = models.CharField("省份", max_length=50, blank=True)
    city = models.CharField("城市", max_length=50, blank=True)
    region = models.CharField("区县/园区", max_length=100, blank=True)
    # The gazetteer's key of province + city + district (places.place_path), so that 西安高新区 and
    # 西安高新技术产业开发区 are one place in SQL; kept in step with the three fields by save().
    place_path = models.CharField("地区键", max_length=200, blank=True, db_index=True, editable=False)
    published_on = models.DateField("发布日期", null=True, blank=True)
    effective_from = models.DateField("施行日期", null=True, blank=True)
    effective_until = models.DateField("有效期至", null=True, blank=True)
    is_draft = models.BooleanField("征求意见稿/草案", default=False)
    apply_from = models.DateField("申报开始日期", null=True, blank=True)
    apply_until = models.DateField("申报截止日期", null=True, blank=True)
    handling_office = models.CharField("受理部门", max_length=200, blank=True)
    contact_phone = models.CharField("咨询电话", max_length=100, blank=True)
    # 受理部门 as an office that receives the applications (set on publish; handling_office is the text).
    office = models.ForeignKey(
        "accounts.Office",
        verbose_name="受理部门(受理机构)",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="policies",
    )
    stacking = models.CharField("不重复享受规则", max_length=100, blank=True, null=True)
    supersedes = models.JSONField("废止文件", default=list, blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    text = models.TextField("规范化全文", blank=True)
    span = models.JSONField("在原文中的位置", default=list, blank=True)
    extracted = models.JSONField("抽取结果(原始)", default=dict, blank=True)
    source_document = models.ForeignKey(
        "ingest.SourceDocument",
        verbose_name="来源文件",
        on_delete=models.PROTECT,
        related_name="policies",
        null=True,
        blank=True,
    )
    version = models.PositiveIntegerField("版本", default=1)
    previous_version = models.OneToOneField(
        "self",
        verbose_name="上一版本",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_version",
    )
    diff = models.JSONField("与上一版本的差异", default=dict, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    unpublished_at = models.DateTimeField("下架时间", null=True, blank=True)
    unpublish_reason = models.CharField("下架原因", max_length=500, blank=True)

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = "政策"
        verbose_name_plural = "政策"
        indexes = [
            models.Index(fields=["status", "province", "city", "region"]),
            models.Index(fields=["doc_number"]),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.place_path = place_path(self.province, self.city, self.region)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"province", "city", "region"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "place_path"}
        super().save(*args, **kwargs)

    @property
    def region_label(self) -> str:
        """Province + city + district, without repeating a municipality."""
        parts = [self.province, self.city if self.city != self.province else "", self.region]
        return "".join(p for p in parts if p)

    def validity(self, on: dt.date | None = None) -> str:
        """Validity on the day (today by default); PolicyQuerySet.with_validity is the same rule in SQL."""
        on = on or timezone.localdate()
        if self.is_draft:
            return Validity.DRAFT
        if self.effective_from and self.effective_from > on:
            return Validity.PENDING
        if self.effective_until and self.effective_until < on:
            return Validity.EXPIRED
        return Validity.IN_FORCE

    @property
    def validity_label(self) -> str:
        return Validity(self.validity()).label

    def is_open_for_applications(self, on: dt.date | None = None) -> bool:
        """In force and inside its 申报时间 where one is stated (open_for_applications in SQL)."""
        on = on or timezone.localdate()
        return (
            self.status == self.Status.PUBLISHED
            and self.validity(on) == Validity.IN_FORCE
            and (self.apply_from is None or self.apply_from <= on)
            and (self.apply_until is None or self.apply_until >= on)
        )

    @property
    def closing_on(self) -> dt.date | None:
        """The last day to apply: the end of 申报时间, else of validity."""
        return self.apply_until or self.effective_until


class Currency(models.TextChoices):
    """The currency a clause's amounts are stated in (INGEST_JSON.md `currency`)."""

    CNY = "CNY", "人民币"
    HKD = "HKD", "港元"
    MOP = "MOP", "澳门元"
    TWD = "TWD", "新台币"
    USD = "USD", "美元"


class Clause(models.Model):
    """One numbered clause of a policy, with what it grants and to whom."""

    class Kind(models.TextChoices):
        SUPPORT = "support", "支持条款"
        GENERAL = "general", "一般条款"

    policy = models.ForeignKey(Policy, verbose_name="政策", on_delete=models.CASCADE, related_name="clauses")
    order = models.PositiveIntegerField("顺序", default=0)
    number = models.CharField("编号", max_length=100, blank=True)
    extracted_number = models.CharField("抽取时的编号", max_length=100, blank=True)
    heading = models.CharField("标题", max_length=300, blank=True, null=True)
    text = models.TextField("条款原文")
    span = models.JSONField("位置", default=list, blank=True)
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.GENERAL)
    currency = models.CharField("币种", max_length=3, choices=Currency.choices, default=Currency.CNY)
    max_amount_yuan = models.BigIntegerField("最高金额(元)", null=True, blank=True)
    amounts_yuan = models.JSONField("金额(元)", default=list, blank=True)
    ratios = models.JSONField("比例", default=list, blank=True)
    conditions = models.JSONField("申报条件", default=dict, blank=True)
    qualifications = models.JSONField("资质要求", default=list, blank=True)
    thresholds = models.JSONField("门槛", default=list, blank=True)
    # Requirement phrases as written: [{"text", "span", "modelled"}]; unmodelled ones cap matching at possible.
    requirements = models.JSONField("原文条件", default=list, blank=True)
    departments = models.JSONField("责任部门", default=list, blank=True)
    tags = models.JSONField("标签", default=list, blank=True)
    evidence = models.JSONField("依据位置", default=dict, blank=True)
    version = models.PositiveIntegerField("条款版本", default=1)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        ordering = ["policy_id", "order"]
        verbose_name = "条款"
        verbose_name_plural = "条款"

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        """How a person reads the clause's place: "第五条 支持算力", "二、(五)18. 支持标准创制"."""
        from .labels import clause_label

        return clause_label(self.number, self.heading) or f"第{self.order}项"

    @property
    def full_label(self) -> str:
        """The label with its policy: "《朝阳区若干措施》第五条 支持算力"."""
        return f"《{self.policy.title}》{self.display_label}"


class PolicySearch(models.Model):
    """A published policy's search document: jieba tokens as a weighted tsvector (see policies/search.py).

    Filled on publish and rebuilt lazily: saving a policy or one of its clauses drops the row. The GIN
    index is created by the migration on PostgreSQL only.
    """

    policy = models.OneToOneField(
        Policy, verbose_name="政策", on_delete=models.CASCADE, primary_key=True, related_name="search"
    )
    vector = SearchVectorField("检索向量", null=True)  # title A, headings and metadata B, body D: matching
    head = SearchVectorField("标题与小标题向量", null=True)  # title A, headings and metadata B: ranking
    built_at = models.DateTimeField("生成时间", auto_now=True)

    class Meta:
        verbose_name = "检索文档"
        verbose_name_plural = "检索文档"

    def __str__(self) -> str:
        return f"检索文档 {self.policy_id}"


class Benefit(models.Model):
    """One distinct support a clause grants: a cap, a ratio of a base, for some years."""

    class Kind(models.TextChoices):
        GRANT = "grant", "资金支持"
        SUBSIDY = "subsidy", "补贴"
        AWARD = "award", "奖励"
        MATCHING = "matching", "配套"
        RENT = "rent", "房租补贴"
        VOUCHER = "voucher", "券"
        EQUITY = "equity", "股权投资"
        NON_MONETARY = "non_monetary", "非资金支持"

    clause = models.ForeignKey(Clause, verbose_name="条款", on_delete=models.CASCADE, related_name="benefits")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.GRANT)
    ratio = models.FloatField("比例", null=True, blank=True)
    base = models.CharField("比例基数", max_length=200, blank=True, null=True)
    cap_yuan = models.BigIntegerField("上限(元)", null=True, blank=True)
    currency = models.CharField("币种", max_length=3, choices=Currency.choices, default=Currency.CNY)
    per_year = models.BooleanField("按年", default=False)
    years = models.PositiveIntegerField("年限", null=True, blank=True)
    evidence = models.JSONField("依据位置", default=list, blank=True)

    class Meta:
        verbose_name = "支持内容"
        verbose_name_plural = "支持内容"

    def __str__(self) -> str:
        return self.get_kind_display()


class ClauseCorrection(models.Model):
    """One correction an admin made to a clause field (or to the policy's own field when clause is empty)."""

    policy = models.ForeignKey(
        Policy, verbose_name="政策", on_delete=models.CASCADE, related_name="corrections"
    )
    clause = models.ForeignKey(
        Clause,
        verbose_name="条款",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
    )
    clause_number = models.CharField("条款编号(抽取时)", max_length=100, blank=True)
    field = models.CharField("字段", max_length=50)
    old = models.JSONField("原值", null=True, blank=True)
    new = models.JSONField("新值", null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="更正人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField("更正时间", auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "条款更正"
        verbose_name_plural = "条款更正"

    def __str__(self) -> str:
        return f"{self.clause_number or '政策'} {self.field}"
