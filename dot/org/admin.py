from django.contrib import admin

from .models import OrgUnit


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "office_type", "code", "is_active")
    list_filter = ("kind", "office_type", "is_active")
    search_fields = ("name", "short_name", "code")
    readonly_fields = ("path", "depth")
