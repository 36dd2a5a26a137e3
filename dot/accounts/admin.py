from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import RoleAssignment, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        (None, {"fields": ("patronymic", "phone", "position", "language")}),
    )
    inlines = [RoleAssignmentInline]
    search_fields = ("username", "last_name", "first_name", "email")
