from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models.signals import post_save
from django.forms import ModelForm
from django.http import HttpRequest

from commissioning.accounts.models import Councillor, Organisation, User, Ward
from commissioning.core.admin import DomainAdmin
from commissioning.core.audit import history_paused

# What only a superuser may grant: superuser status, the admin site (staff), groups and single permissions. An
# administrator (the "Administrators" group) manages people and their role, one of the roles the product defines.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


@admin.register(User)
class CouncilUserAdmin(UserAdmin, DomainAdmin):
    list_display = ("username", "first_name", "last_name", "role", "organisation", "is_active")
    list_filter = ("role", "is_active", "is_demo")
    fieldsets = (*UserAdmin.fieldsets, ("Role", {"fields": ("role", "job_title", "organisation", "is_demo")}))  # type: ignore[misc]
    readonly_fields = ("is_demo",)  # set by seed_demo alone

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        """An administrator sees who holds which rights, and grants none: the fields leave the form they post."""
        readonly = tuple(super().get_readonly_fields(request, obj))
        if request.user.is_superuser:
            return readonly
        return readonly + tuple(field for field in SUPERUSER_ONLY_FIELDS if field not in readonly)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """Only a superuser changes a superuser's account (its password included), or they could take it over."""
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    # One history entry per save, with the groups and permissions it ended with (django-simple-history would
    # otherwise write one for the save and another for each many-to-many change): who, when, and what changed.
    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm, change: bool) -> None:
        with history_paused(obj):
            super().save_model(request, obj, form, change)  # sets obj._history_user to request.user

    def save_related(self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool) -> None:
        with history_paused(form.instance):
            super().save_related(request, form, formsets, change)
        post_save.send(
            sender=User,
            instance=form.instance,
            created=not change,
            raw=False,
            using=form.instance._state.db,
            update_fields=None,
        )


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
