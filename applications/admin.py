"""Admin: applications to look at; events and reviews strictly read-only."""

from django.contrib import admin

from .models import Application, ApplicationEvent, Assignment, Attachment, Review, ReviewCriterion


class ReadOnlyAdmin(admin.ModelAdmin):
    """Nothing can be added, changed or deleted here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class EventInline(admin.TabularInline):
    model = ApplicationEvent
    extra = 0
    can_delete = False
    readonly_fields = ["created_at", "actor", "action", "from_state", "to_state", "comment", "data"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    """State changes go through the workflow service (the pages and the API), never through the admin."""

    list_display = ["id", "company", "policy", "clause", "state", "requested_amount_yuan", "submitted_at"]
    list_filter = ["state"]
    search_fields = ["company__name", "company__credit_code", "policy__title"]
    inlines = [EventInline]


@admin.register(ApplicationEvent)
class ApplicationEventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "application", "action", "from_state", "to_state", "actor"]
    list_filter = ["action"]


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "application", "expert", "total_score", "recommendation"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "application", "original_name", "size", "content_type"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "application", "expert", "assigned_by"]


@admin.register(ReviewCriterion)
class ReviewCriterionAdmin(admin.ModelAdmin):
    list_display = ["policy", "name", "max_score", "order"]
    list_filter = ["policy"]
