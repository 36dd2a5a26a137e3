from django.contrib import admin

from .models import Attendance, Lesson, Recording


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    raw_id_fields = ("user",)


class RecordingInline(admin.TabularInline):
    model = Recording
    extra = 0


@admin.register(Lesson)
class LessonAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "start", "duration", "provider", "course", "group")
    list_filter = ("kind", "provider")
    search_fields = ("title",)
    date_hierarchy = "start"
    raw_id_fields = ("course", "group", "student", "teachers", "invitees", "created_by")
    readonly_fields = ("room", "end")
    inlines = [AttendanceInline, RecordingInline]
