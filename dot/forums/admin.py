from django.contrib import admin

from .models import Forum, Post, Thread


@admin.register(Forum)
class ForumAdmin(admin.ModelAdmin):
    list_display = ["title", "scope", "kind", "course", "group", "programme", "unit"]
    list_filter = ["scope", "kind"]
    raw_id_fields = ["course", "module", "group", "programme", "unit", "created_by"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "forum", "author", "created_at", "is_question", "answered_at"]
    list_filter = ["is_question", "is_hidden", "is_locked"]
    raw_id_fields = ["forum", "author", "answered_by"]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["thread", "number", "author", "created_at", "is_hidden"]
    raw_id_fields = ["thread", "author", "quote_of", "hidden_by"]
