from django.contrib import admin

from commissioning.core.admin import DomainAdmin
from commissioning.services.models import Directorate, Service


@admin.register(Directorate)
class DirectorateAdmin(DomainAdmin):
    list_display = ("name", "code", "director")


@admin.register(Service)
class ServiceAdmin(DomainAdmin):
    list_display = ("reference", "name", "directorate", "delivery_model", "published")
    list_filter = ("directorate", "delivery_model", "published")
    search_fields = ("name", "reference")
    filter_horizontal = ("wards",)
