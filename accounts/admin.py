from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Notification, Office, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("平台信息", {"fields": ("display_name", "phone", "province", "city", "district", "offices")}),
    )
    filter_horizontal = (*BaseUserAdmin.filter_horizontal, "offices")
    list_display = ("username", "display_name", "is_active", "is_staff")


class StaffInline(admin.TabularInline):
    """The reviewers of an office (受理部门)."""

    model = User.offices.through
    extra = 0
    verbose_name = "审核人员"
    verbose_name_plural = "审核人员"


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("name", "province", "city", "region", "phone")
    list_filter = ("province", "city")
    search_fields = ("name", "region")
    inlines = [StaffInline]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "title", "created_at", "read_at")
