from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from commissioning.accounts.models import Councillor, Organisation, User, Ward
from commissioning.core.admin import DomainAdmin


@admin.register(User)
class CouncilUserAdmin(UserAdmin, DomainAdmin):
    list_display = ("username", "first_name", "last_name", "role", "organisation", "is_active")
    list_filter = ("role", "is_active")
    fieldsets = (*UserAdmin.fieldsets, ("Role", {"fields": ("role", "job_title", "organisation")}))  # type: ignore[misc]


@admin.register(Organisation)
class OrganisationAdmin(DomainAdmin):
    list_display = ("name", "kind", "ons_code", "company_number", "charity_number")
    list_filter = ("kind",)
    search_fields = ("name", "company_number", "charity_number")


@admin.register(Ward)
class WardAdmin(DomainAdmin):
    list_display = ("name", "ons_code")
    search_fields = ("name", "ons_code")


@admin.register(Councillor)
class CouncillorAdmin(DomainAdmin):
    list_display = ("name", "party")
    search_fields = ("name",)
    filter_horizontal = ("wards",)
