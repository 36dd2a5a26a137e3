from django.contrib import admin

from .models import FeedToken


@admin.register(FeedToken)
class FeedTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at", "revoked_at", "last_used_at")
    list_filter = ("revoked_at",)
    raw_id_fields = ("user",)
    exclude = ("token",)  # the secret is not shown
