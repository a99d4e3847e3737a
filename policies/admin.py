from django.contrib import admin

from .models import Benefit, Clause, Policy


class ClauseInline(admin.TabularInline):
    model = Clause
    fields = ("order", "number", "heading", "kind", "max_amount_yuan")
    extra = 0
    show_change_link = True


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ("title", "doc_number", "province", "city", "region", "status", "version")
    list_filter = ("status", "province", "city")
    search_fields = ("title", "doc_number")
    inlines = [ClauseInline]


class BenefitInline(admin.TabularInline):
    model = Benefit
    extra = 0


@admin.register(Clause)
class ClauseAdmin(admin.ModelAdmin):
    list_display = ("policy", "number", "heading", "kind", "max_amount_yuan")
    list_filter = ("kind",)
    inlines = [BenefitInline]
