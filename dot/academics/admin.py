from django.contrib import admin

from . import models as m


@admin.register(m.Direction)
class DirectionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level")
    list_filter = ("level",)
    search_fields = ("code", "name")


@admin.register(m.Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "direction", "level", "faculty", "department", "leader", "is_active")
    list_filter = ("level", "allows_extramural", "is_active", "faculty")
    search_fields = ("name", "code", "direction__code", "direction__name")
    raw_id_fields = ("leader",)


class SemesterInline(admin.TabularInline):
    model = m.Semester
    extra = 0


@admin.register(m.AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    list_display = ("title", "start", "end")
    inlines = [SemesterInline]


class ExamSessionInline(admin.TabularInline):
    model = m.ExamSession
    extra = 0


@admin.register(m.Semester)
class SemesterAdmin(admin.ModelAdmin):
    list_display = ("__str__", "start", "end")
    list_filter = ("academic_year",)
    inlines = [ExamSessionInline]


class DisciplineModuleInline(admin.TabularInline):
    model = m.DisciplineModule
    extra = 0


@admin.register(m.Discipline)
class DisciplineAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "department", "is_active")
    list_filter = ("department", "is_active")
    search_fields = ("code", "name")
    inlines = [DisciplineModuleInline]


class CurriculumLineInline(admin.TabularInline):
    model = m.CurriculumLine
    extra = 0
    raw_id_fields = ("discipline",)


@admin.register(m.Curriculum)
class CurriculumAdmin(admin.ModelAdmin):
    list_display = ("programme", "intake_year", "version", "status", "approved_at")
    list_filter = ("status", "intake_year")
    search_fields = ("programme__name",)
    readonly_fields = ("status", "approval_step", "in_force", "approved_at")
    inlines = [CurriculumLineInline]


@admin.register(m.StudentGroup)
class StudentGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "programme", "intake_year", "study_form", "is_dot_group")
    list_filter = ("study_form", "is_dot_group", "intake_year")
    search_fields = ("name",)
    raw_id_fields = ("curator", "tutor")


class StudentStatusChangeInline(admin.TabularInline):
    model = m.StudentStatusChange
    extra = 0
    raw_id_fields = ("actor",)


@admin.register(m.Student)
class StudentAdmin(admin.ModelAdmin):
    list_display = ("user", "record_book_number", "group", "programme", "status", "is_listener")
    list_filter = ("status", "is_listener")
    search_fields = ("record_book_number", "user__last_name", "user__username")
    raw_id_fields = ("user",)
    inlines = [StudentStatusChangeInline]


@admin.register(m.SemesterRegistration)
class SemesterRegistrationAdmin(admin.ModelAdmin):
    list_display = ("student", "semester", "curriculum_line", "registered_by", "created_at")
    list_filter = ("semester",)
    raw_id_fields = ("student", "curriculum_line", "registered_by")


@admin.register(m.TeachingAssignment)
class TeachingAssignmentAdmin(admin.ModelAdmin):
    list_display = ("teacher", "discipline", "group", "semester", "class_kind", "hours")
    list_filter = ("semester", "class_kind", "is_external")
    raw_id_fields = ("teacher", "discipline", "curriculum_line", "group")


@admin.register(m.TimeNorm)
class TimeNormAdmin(admin.ModelAdmin):
    list_display = ("activity", "unit", "hours", "valid_from")
    list_filter = ("activity",)


@admin.register(m.DotCertificate)
class DotCertificateAdmin(admin.ModelAdmin):
    list_display = ("teacher", "kind", "number", "issuer", "issued_on", "valid_until")
    list_filter = ("kind",)
    search_fields = ("teacher__last_name", "number", "issuer")
    raw_id_fields = ("teacher",)


@admin.register(m.TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ("teacher", "title", "provider", "hours", "start", "end")
    search_fields = ("teacher__last_name", "title")
    raw_id_fields = ("teacher",)
