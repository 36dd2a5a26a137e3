from django.contrib import admin

from .models import Announcement, Block, Conversation, MessageReport, StudentQuestion


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_by", "created_at", "last_message_at"]
    raw_id_fields = ["created_by", "last_message"]


@admin.register(MessageReport)
class MessageReportAdmin(admin.ModelAdmin):
    list_display = ["message", "reporter", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["message", "reporter", "resolved_by"]


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["title", "sender", "audience_label", "recipient_count", "sent_at"]
    raw_id_fields = ["sender", "course", "group", "programme", "faculty"]


admin.site.register(Block, raw_id_fields=["blocker", "blocked"])
admin.site.register(
    StudentQuestion, raw_id_fields=["message", "conversation", "student", "teacher", "answer"]
)
