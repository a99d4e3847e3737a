"""Users and their in-site notifications."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from .roles import Role


class Office(models.Model):
    """A 受理部门: the office that receives a policy's applications; reviewers staff offices."""

    name = models.CharField("名称", max_length=200)
    province = models.CharField("省份", max_length=50, blank=True)
    city = models.CharField("城市", max_length=50, blank=True)
    region = models.CharField("区县/园区", max_length=100, blank=True)
    phone = models.CharField("咨询电话", max_length=50, blank=True)
    address = models.CharField("地址", max_length=300, blank=True)

    class Meta:
        ordering = ["province", "city", "region", "name"]
        verbose_name = "受理部门"
        verbose_name_plural = "受理部门"
        constraints = [
            models.UniqueConstraint(
                fields=["name", "province", "city", "region"], name="unique_office_per_region"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def region_label(self) -> str:
        """Province + city + district, without repeating a municipality."""
        parts = [self.province, self.city if self.city != self.province else "", self.region]
        return "".join(p for p in parts if p)


class User(AbstractUser):
    """A person who signs in; what they may do comes from their groups (roles)."""

    display_name = models.CharField("姓名", max_length=100, blank=True)
    phone = models.CharField("手机号", max_length=20, blank=True)
    # The region a reviewer is responsible for (province + city + district or zone).
    province = models.CharField("负责省份", max_length=50, blank=True)
    city = models.CharField("负责城市", max_length=50, blank=True)
    district = models.CharField("负责区县/园区", max_length=100, blank=True)
    # The 受理部门 a reviewer works for: their queue holds the applications those offices receive.
    offices = models.ManyToManyField(Office, verbose_name="所属受理部门", blank=True, related_name="staff")

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.display_name or self.username

    def has_role(self, role: Role | str) -> bool:
        """Whether the user belongs to the group of that role (superusers count as admin)."""
        if not self.is_authenticated or not self.is_active:
            return False
        if self.is_superuser and role == Role.ADMIN:
            return True
        return role in self.role_names

    @property
    def role_names(self) -> frozenset[str]:
        """Names of the user's role groups, read once per instance."""
        cached = getattr(self, "_role_names", None)
        if cached is None:
            cached = frozenset(self.groups.values_list("name", flat=True))
            self._role_names = cached
        return cached

    @property
    def is_enterprise(self) -> bool:
        return self.has_role(Role.ENTERPRISE)

    @property
    def is_reviewer(self) -> bool:
        return self.has_role(Role.REVIEWER)

    @property
    def is_expert(self) -> bool:
        return self.has_role(Role.EXPERT)

    @property
    def is_portal_admin(self) -> bool:
        return self.has_role(Role.ADMIN)


class NotificationQuerySet(models.QuerySet):
    def unread_for(self, user: User) -> "NotificationQuerySet":
        return self.filter(recipient=user, read_at__isnull=True)


class Notification(models.Model):
    """An in-site message to one user (a new match, an application moved, ...)."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    verb = models.CharField("类型", max_length=50)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return self.title
