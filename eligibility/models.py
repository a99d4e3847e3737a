"""Companies, their members and the profile of facts the matcher reads."""

from django.conf import settings
from django.db import models


class Company(models.Model):
    """An enterprise (or other entity), keyed by its 统一社会信用代码."""

    credit_code = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("名称", max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="成员", through="Membership", related_name="companies"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user acting for a company."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    is_owner = models.BooleanField("企业管理员", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "企业成员"
        verbose_name_plural = "企业成员"
        constraints = [models.UniqueConstraint(fields=["company", "user"], name="unique_membership")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.company}"


class CompanyProfile(models.Model):
    """The facts of DESIGN.md about one company; absent keys are unknown, never false."""

    company = models.OneToOneField(
        Company, verbose_name="企业", on_delete=models.CASCADE, related_name="profile"
    )
    data = models.JSONField("画像", default=dict, blank=True)
    # Indexed copies of the region facts, for narrowing candidates.
    province = models.CharField("省份", max_length=50, blank=True)
    city = models.CharField("城市", max_length=50, blank=True)
    district = models.CharField("区县", max_length=100, blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "企业画像"
        verbose_name_plural = "企业画像"
        indexes = [models.Index(fields=["province", "city", "district"])]

    def __str__(self) -> str:
        return f"{self.company} 画像"

    def save(self, *args, **kwargs):
        self.province = self.data.get("province") or ""
        self.city = self.data.get("city") or ""
        self.district = self.data.get("district") or ""
        super().save(*args, **kwargs)


class ProfileChange(models.Model):
    """One save of a company profile: who, when, and each changed key's old and new value."""

    company = models.ForeignKey(
        Company, verbose_name="企业", on_delete=models.CASCADE, related_name="profile_changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="修改人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField("修改时间", auto_now_add=True)
    profile_version = models.PositiveIntegerField("画像版本")
    # {"key": [old, new]}; None stands for "未填写" (absent key).
    changes = models.JSONField("变更内容", default=dict)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = "画像变更记录"
        verbose_name_plural = "画像变更记录"
        indexes = [models.Index(fields=["company", "-changed_at"])]

    def __str__(self) -> str:
        return f"{self.company} 画像 v{self.profile_version}"


class Declaration(models.Model):
    """A company's own answer to a question only it can answer (是否开设旗舰店 …), shared by every
    clause that asks the same ``key``. The profile given to the matcher carries these answers under
    ``declarations``; each change is also a ProfileChange ("declarations.<key>")."""

    company = models.ForeignKey(
        Company, verbose_name="企业", on_delete=models.CASCADE, related_name="declarations"
    )
    key = models.CharField("问题标识", max_length=100)
    question = models.CharField("问题", max_length=300)
    # true / false, or a number in ``unit``
    value = models.JSONField("回答")
    unit = models.CharField("单位", max_length=20, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="回答人",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField("回答时间", auto_now=True)

    class Meta:
        ordering = ["company", "key"]
        verbose_name = "企业声明"
        verbose_name_plural = "企业声明"
        constraints = [models.UniqueConstraint(fields=["company", "key"], name="unique_declaration_key")]

    def __str__(self) -> str:
        return f"{self.company} {self.key}={self.value}"


class BoardStamp(models.Model):
    """A counter of the writes to one company's stored results and answers, which its dashboard is
    computed from: the dashboard's cache key. PostgreSQL triggers (migration 0005) raise it in the
    same statement as every insert, update or delete of MatchResult and Declaration rows, whatever
    the path (services, bulk deletes, cascades, the admin, raw SQL). No foreign key and no cascade:
    a stamp outlives its company harmlessly, and a company's delete never meets its own stamp."""

    company = models.OneToOneField(
        Company,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        primary_key=True,
        related_name="board_stamp",
    )
    version = models.BigIntegerField("版本", default=0)

    class Meta:
        verbose_name = "匹配结果版本"
        verbose_name_plural = "匹配结果版本"

    def __str__(self) -> str:
        return f"{self.company_id} v{self.version}"


class MatchResultQuerySet(models.QuerySet):
    def for_company(self, company: Company) -> "MatchResultQuerySet":
        return self.filter(company=company)

    def published(self) -> "MatchResultQuerySet":
        return self.filter(policy__status="published")

    def with_status(self, status: str) -> "MatchResultQuerySet":
        return self.filter(status=status) if status else self

    def of_policy(self, policy_id: int | None) -> "MatchResultQuerySet":
        return self.filter(policy_id=policy_id) if policy_id else self

    def in_region(self, province: str, city: str, region: str) -> "MatchResultQuerySet":
        return self.filter(policy__province=province, policy__city=city, policy__region=region)


class MatchResult(models.Model):
    """The stored match of one company against one published clause, and what it was computed from."""

    class Status(models.TextChoices):
        ELIGIBLE = "eligible", "可申报"
        POSSIBLE = "possible", "可能可申报"
        INELIGIBLE = "ineligible", "不符合"
        NOT_IN_FORCE = "not_in_force", "不在有效期"

    company = models.ForeignKey(
        Company, verbose_name="企业", on_delete=models.CASCADE, related_name="match_results"
    )
    policy = models.ForeignKey(
        "policies.Policy", verbose_name="政策", on_delete=models.CASCADE, related_name="+"
    )
    clause = models.ForeignKey(
        "policies.Clause", verbose_name="条款", on_delete=models.CASCADE, related_name="match_results"
    )
    clause_version = models.PositiveIntegerField("条款版本")
    profile_version = models.PositiveIntegerField("画像版本")
    status = models.CharField("匹配结果", max_length=20, choices=Status.choices)
    reasons = models.JSONField("理由", default=list)
    missing = models.JSONField("缺少的信息", default=list)
    estimate = models.JSONField("金额测算", default=dict)
    # estimate's yuan when computed, else its max_yuan; None when the clause states no money.
    amount_yuan = models.BigIntegerField("测算金额(元)", null=True, blank=True)
    stacking_group = models.CharField("不重复享受分组", max_length=100, null=True, blank=True)
    draft = models.BooleanField("征求意见稿", default=False)
    # eligible because the company declared something the clause asks (可申报 — 依据贵企业的声明)
    by_declaration = models.BooleanField("依据企业声明", default=False)
    # requirements decided by the review: ["以评审结果为准: …"]
    review = models.JSONField("以评审结果为准", default=list, blank=True)
    computed_at = models.DateTimeField("计算时间")

    objects = MatchResultQuerySet.as_manager()

    class Meta:
        verbose_name = "匹配结果"
        verbose_name_plural = "匹配结果"
        constraints = [
            models.UniqueConstraint(fields=["company", "clause"], name="unique_match_per_company_clause")
        ]
        indexes = [
            models.Index(fields=["company", "status"]),
            models.Index(fields=["policy", "company"]),
        ]

    def __str__(self) -> str:
        return f"{self.company} × {self.clause_id}: {self.status}"

    @property
    def max_yuan(self) -> int | None:
        return self.estimate.get("max_yuan")

    @property
    def yuan(self) -> int | None:
        return self.estimate.get("yuan")

    @property
    def decisive_missing(self) -> list[dict]:
        return [m for m in self.missing if m.get("decisive")]
