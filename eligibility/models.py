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
