"""The academic structure: everything the regulation counts comes from here.

Programmes and their licensed forms of study (п. 5.1, 5.4.3, 5.4.4), academic years,
semesters and exam sessions, the discipline catalogue with modules (п. 5.4.2), working
curricula (РУП) with their lines (п. 4.5, 4.8), student groups and students (п. 4.7),
semester registration, teaching assignments and time norms (п. 4.8, 5.4.4), and the
teachers' DOT certificates and training (п. 3.3, 4.8, 5.4.6).

Credits and hours are ``Decimal`` everywhere: the DOT caps of п. 5.4.3 are compared
at their exact boundaries, so no float ever enters a sum.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dot.core.models import TimeStampedModel
from dot.org.models import OrgUnit

from .conf import hours_per_credit

ZERO = Decimal("0")
_NON_NEGATIVE = [MinValueValidator(ZERO)]


def _hours_field(verbose: str | object, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(
        verbose,  # type: ignore[arg-type]
        max_digits=7,
        decimal_places=2,
        default=ZERO,
        validators=_NON_NEGATIVE,
        **kwargs,  # type: ignore[arg-type]
    )


# --- Choices -------------------------------------------------------------------------------


class EducationLevel(models.TextChoices):
    """Levels of п. 5.1 plus non-degree courses for listeners (п. 1.3)."""

    BACHELOR = "bachelor", _("Bachelor")
    SPECIALIST = "specialist", _("Specialist")
    MASTER = "master", _("Master")
    NON_DEGREE = "non_degree", _("Non-degree course")


class StudyForm(models.TextChoices):
    FULL_TIME = "full_time", _("Full-time")
    EXTRAMURAL = "extramural", _("Extramural")
    BLENDED = "blended", _("Blended")


class ControlForm(models.TextChoices):
    EXAM = "exam", _("Exam")
    CREDIT = "credit", _("Credit")
    GRADED_CREDIT = "graded_credit", _("Graded credit")
    COURSE_WORK = "course_work", _("Course work")


class ClassKind(models.TextChoices):
    """Kinds of teaching work; also the activities time norms are set for (п. 5.4.4)."""

    LECTURE = "lecture", _("Lectures")
    LAB = "lab", _("Laboratory classes")
    PRACTICE = "practice", _("Practical classes")
    EXAM = "exam", _("Exam")
    CREDIT = "credit", _("Credit test")
    CONSULTATION = "consultation", _("Consultation")
    COURSE_WORK = "course_work", _("Course work")


# --- Programmes and the calendar -------------------------------------------------------------


class Direction(TimeStampedModel):
    """A direction of training or specialty, e.g. «560001 Лечебное дело»."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=255)
    level = models.CharField(_("level"), max_length=20, choices=EducationLevel.choices)

    class Meta:
        verbose_name = _("direction / specialty")
        verbose_name_plural = _("directions / specialties")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def active(self) -> ProgrammeQuerySet:
        return self.filter(is_active=True)


class Programme(TimeStampedModel):
    """An educational programme (profile) of a direction.

    The licensed forms of study matter for the rules: a master's programme licensed for
    the extramural form may go up to 70 % of its hours by DOT; one without it is capped
    by its leader's figure, at most 50 % of the credits (п. 5.4.3).
    """

    direction = models.ForeignKey(
        Direction, verbose_name=_("direction"), on_delete=models.PROTECT, related_name="programmes"
    )
    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name (profile)"), max_length=255)
    level = models.CharField(_("level"), max_length=20, choices=EducationLevel.choices)
    faculty = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("faculty"),
        on_delete=models.PROTECT,
        related_name="faculty_programmes",
        limit_choices_to={"kind": "faculty"},
    )
    department = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("owning department"),
        on_delete=models.PROTECT,
        related_name="programmes",
        limit_choices_to={"kind": "department"},
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("programme leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_programmes",
    )
    allows_full_time = models.BooleanField(_("licensed for the full-time form"), default=True)
    allows_extramural = models.BooleanField(_("licensed for the extramural form"), default=False)
    allows_blended = models.BooleanField(_("licensed for the blended form"), default=False)
    duration_years = models.DecimalField(
        _("standard duration, years"), max_digits=3, decimal_places=1, validators=_NON_NEGATIVE
    )
    total_ects = models.DecimalField(
        _("total ECTS credits"), max_digits=6, decimal_places=2, validators=_NON_NEGATIVE
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["direction__code", "name"]

    def __str__(self) -> str:
        return f"{self.direction.code} {self.name}"

    @property
    def licensed_forms(self) -> list[str]:
        flags = (
            (self.allows_full_time, StudyForm.FULL_TIME),
            (self.allows_extramural, StudyForm.EXTRAMURAL),
            (self.allows_blended, StudyForm.BLENDED),
        )
        return [form.value for allowed, form in flags if allowed]

    def allows_form(self, form: str) -> bool:
        return form in self.licensed_forms


class AcademicYear(TimeStampedModel):
    title = models.CharField(_("title"), max_length=20, unique=True, help_text="2026–2027")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="acad_year_dates"),
        ]

    def __str__(self) -> str:
        return self.title


class Semester(TimeStampedModel):
    """A semester of an academic year: 1 is autumn, 2 is spring."""

    academic_year = models.ForeignKey(
        AcademicYear,
        verbose_name=_("academic year"),
        on_delete=models.CASCADE,
        related_name="semesters",
    )
    number = models.PositiveSmallIntegerField(
        _("number"), choices=[(1, _("autumn")), (2, _("spring"))]
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        verbose_name = _("semester")
        verbose_name_plural = _("semesters")
        ordering = ["-start"]
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "number"], name="acad_semester_once"),
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="acad_sem_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.academic_year.title}, {self.get_number_display()}"

    def curriculum_semester(self, intake_year: int) -> int:
        """The РУП semester number (1..12) this semester is for a given intake year."""
        return (self.academic_year.start.year - intake_year) * 2 + self.number


class ExamSession(TimeStampedModel):
    class Kind(models.TextChoices):
        REGULAR = "regular", _("Examination session")
        RETAKE = "retake", _("Retake session")

    semester = models.ForeignKey(
        Semester, verbose_name=_("semester"), on_delete=models.CASCADE, related_name="sessions"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.REGULAR)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        verbose_name = _("exam session")
        verbose_name_plural = _("exam sessions")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="acad_sess_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}"


# --- Disciplines ---------------------------------------------------------------------------


class Discipline(TimeStampedModel):
    """A discipline of the catalogue, owned by a department (п. 4.8)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=255)
    name_ky = models.CharField(_("name in Kyrgyz"), max_length=255, blank=True)
    department = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        related_name="disciplines",
        limit_choices_to={"kind": "department"},
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DisciplineModule(TimeStampedModel):
    """A module (section) of a discipline: п. 5.4.2 lets a student take a part by DOT."""

    discipline = models.ForeignKey(
        Discipline, verbose_name=_("discipline"), on_delete=models.CASCADE, related_name="modules"
    )
    order = models.PositiveSmallIntegerField(_("No."), default=1)
    title = models.CharField(_("title"), max_length=255)
    ects = models.DecimalField(
        _("ECTS credits"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_NON_NEGATIVE,
    )
    hours = models.DecimalField(
        _("hours"), max_digits=7, decimal_places=2, null=True, blank=True, validators=_NON_NEGATIVE
    )

    class Meta:
        verbose_name = _("discipline module")
        verbose_name_plural = _("discipline modules")
        ordering = ["discipline", "order"]
        constraints = [
            models.UniqueConstraint(fields=["discipline", "order"], name="acad_module_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


# --- Working curricula (РУП) ---------------------------------------------------------------


class CurriculumStatus(models.TextChoices):
    """Status of a РУП on its approval route; the values are the approval engine's
    (``dot.core.models.ApprovalStatus``), which moves them (see ``approval.py``)."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("Under review")
    RETURNED = "returned", _("Returned for revision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class CurriculumQuerySet(models.QuerySet["Curriculum"]):
    def approved(self) -> CurriculumQuerySet:
        return self.filter(status=CurriculumStatus.APPROVED)

    def in_force(self) -> CurriculumQuerySet:
        return self.filter(status=CurriculumStatus.APPROVED, in_force=True)


class Curriculum(TimeStampedModel):
    """A working curriculum (РУП) of a programme for one intake year.

    Route (``approval.py``): the head of the owning department submits → the academic
    office agrees (п. 4.5) → the vice-rector for academic work approves (п. 4.1).
    Only the approved РУП *in force* feeds registration, courses and study plans; at most
    one is in force per programme and intake (the partial unique constraint). A new
    version is made by copying (``copied_from``); approving it takes the previous one
    out of force (it stays approved, for the history).
    """

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="curricula"
    )
    intake_year = models.PositiveSmallIntegerField(
        _("intake year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    copied_from = models.ForeignKey(
        "self",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=CurriculumStatus.choices,
        default=CurriculumStatus.DRAFT,
        db_index=True,
    )
    approval_step = models.CharField(_("current approval step"), max_length=50, blank=True)
    in_force = models.BooleanField(_("in force"), default=False, editable=False)
    hours_per_credit = models.DecimalField(
        _("hours per ECTS credit"),
        max_digits=5,
        decimal_places=2,
        default=hours_per_credit,
        validators=[MinValueValidator(Decimal("1"))],
    )
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    objects = CurriculumQuerySet.as_manager()

    class Meta:
        verbose_name = _("working curriculum (РУП)")
        verbose_name_plural = _("working curricula (РУП)")
        ordering = ["-intake_year", "programme__name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "intake_year", "version"], name="acad_curriculum_version"
            ),
            models.UniqueConstraint(
                fields=["programme", "intake_year"],
                condition=Q(in_force=True),
                name="acad_one_curriculum_in_force",
            ),
        ]

    def __str__(self) -> str:
        return f"РУП {self.programme.name}, {self.intake_year} (v{self.version})"

    @property
    def department(self) -> OrgUnit:
        """The department that drafts the РУП: the programme's owner (п. 4.8)."""
        return self.programme.department

    @property
    def is_editable(self) -> bool:
        """Lines can be changed only before submission or after a return."""
        return self.status in (CurriculumStatus.DRAFT, CurriculumStatus.RETURNED)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("academics:curriculum_detail", args=[self.pk])


class CurriculumLine(TimeStampedModel):
    """One discipline in one semester of a РУП.

    Total hours = classroom hours (lectures + labs + practice) + independent work (СРС);
    they should equal ECTS × the plan's hours-per-credit norm, otherwise the line is
    flagged (never refused: departments fix the numbers while drafting).
    """

    curriculum = models.ForeignKey(
        Curriculum, verbose_name=_("curriculum"), on_delete=models.CASCADE, related_name="lines"
    )
    order = models.PositiveSmallIntegerField(_("No."), default=0)
    discipline = models.ForeignKey(
        Discipline,
        verbose_name=_("discipline"),
        on_delete=models.PROTECT,
        related_name="curriculum_lines",
    )
    semester_number = models.PositiveSmallIntegerField(
        _("semester"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    ects = models.DecimalField(
        _("ECTS credits"), max_digits=5, decimal_places=2, validators=_NON_NEGATIVE
    )
    lecture_hours = _hours_field(_("lectures, h"))
    lab_hours = _hours_field(_("labs, h"))
    practice_hours = _hours_field(_("practice, h"))
    srs_hours = _hours_field(_("independent work (СРС), h"))
    control_form = models.CharField(
        _("control form"), max_length=20, choices=ControlForm.choices, default=ControlForm.EXAM
    )
    is_elective = models.BooleanField(_("elective"), default=False)
    elective_group = models.CharField(
        _("elective group"),
        max_length=50,
        blank=True,
        help_text=_("Lines of one group are alternatives: a student chooses one of them."),
    )

    class Meta:
        verbose_name = _("curriculum line")
        verbose_name_plural = _("curriculum lines")
        ordering = ["curriculum", "semester_number", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["curriculum", "discipline", "semester_number"],
                name="acad_line_once_per_semester",
            ),
            models.CheckConstraint(
                condition=Q(semester_number__gte=1, semester_number__lte=12),
                name="acad_line_semester_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.discipline} — {self.semester_number}"

    @property
    def classroom_hours(self) -> Decimal:
        return self.lecture_hours + self.lab_hours + self.practice_hours

    @property
    def total_hours(self) -> Decimal:
        return self.classroom_hours + self.srs_hours

    @property
    def expected_hours(self) -> Decimal:
        return self.ects * self.curriculum.hours_per_credit

    @property
    def hours_mismatch(self) -> bool:
        """True when total hours ≠ ECTS × the plan's norm."""
        return self.total_hours != self.expected_hours


# --- Groups and students (п. 4.7) ----------------------------------------------------------


class StudentGroup(TimeStampedModel):
    name = models.CharField(_("name"), max_length=50, unique=True, help_text="ЛД-1-24")
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="groups"
    )
    intake_year = models.PositiveSmallIntegerField(
        _("intake year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    study_form = models.CharField(
        _("form of study"), max_length=20, choices=StudyForm.choices, default=StudyForm.FULL_TIME
    )
    # п. 4.7: the dean's office forms groups of students studying with DOT.
    is_dot_group = models.BooleanField(_("DOT group"), default=False)
    curator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("curator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="curated_groups",
    )
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tutor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tutored_groups",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("student group")
        verbose_name_plural = _("student groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StudentStatus(models.TextChoices):
    STUDYING = "studying", _("Studying")
    ACADEMIC_LEAVE = "academic_leave", _("Academic leave")
    EXPELLED = "expelled", _("Expelled")
    GRADUATED = "graduated", _("Graduated")


class Student(TimeStampedModel):
    """A student's (master's student's, listener's) record; history in status changes."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="student_record",
    )
    group = models.ForeignKey(
        StudentGroup,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="students",
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="students"
    )
    record_book_number = models.CharField(_("record book number"), max_length=30, unique=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=StudentStatus.choices,
        default=StudentStatus.STUDYING,
        db_index=True,
    )
    is_listener = models.BooleanField(_("listener (non-degree course)"), default=False)
    enrolled_on = models.DateField(_("enrolled on"), null=True, blank=True)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self) -> str:
        return f"{self.user} ({self.record_book_number})"


class StudentStatusChange(models.Model):
    """A dated change of a student's status (enrolment, leave, expulsion, graduation)."""

    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="status_changes",
    )
    status = models.CharField(_("status"), max_length=20, choices=StudentStatus.choices)
    date = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("student status change")
        verbose_name_plural = _("student status changes")
        ordering = ["student", "-date", "-id"]

    def __str__(self) -> str:
        return f"{self.student}: {self.get_status_display()} {self.date:%d.%m.%Y}"


class SemesterRegistration(models.Model):
    """A student registered to a discipline (a line of the approved РУП) for a semester.

    п. 4.7: the dean's office registers students to the disciplines of each semester.
    """

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="registrations"
    )
    semester = models.ForeignKey(
        Semester,
        verbose_name=_("semester"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    curriculum_line = models.ForeignKey(
        CurriculumLine,
        verbose_name=_("curriculum line"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("semester registration")
        verbose_name_plural = _("semester registrations")
        ordering = ["semester", "student", "curriculum_line"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "semester", "curriculum_line"], name="acad_registration_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} — {self.curriculum_line.discipline}"


# --- Teachers: assignments, norms, certificates (п. 3.3, 4.8, 5.4.4, 5.4.6) ----------------


class TeachingAssignment(TimeStampedModel):
    """Who teaches which discipline to which group in which semester, and what kind."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.PROTECT,
        related_name="teaching_assignments",
    )
    discipline = models.ForeignKey(
        Discipline,
        verbose_name=_("discipline"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    curriculum_line = models.ForeignKey(
        CurriculumLine,
        verbose_name=_("curriculum line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    group = models.ForeignKey(
        StudentGroup,
        verbose_name=_("group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    semester = models.ForeignKey(
        Semester, verbose_name=_("semester"), on_delete=models.PROTECT, related_name="assignments"
    )
    class_kind = models.CharField(_("class kind"), max_length=20, choices=ClassKind.choices)
    hours = _hours_field(_("hours"))
    # п. 4.8: departments may assign external (non-staff) teachers.
    is_external = models.BooleanField(_("external teacher"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("teaching assignment")
        verbose_name_plural = _("teaching assignments")
        ordering = ["semester", "teacher", "discipline", "class_kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "discipline", "group", "semester", "class_kind"],
                name="acad_assignment_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher}: {self.discipline}, {self.get_class_kind_display()}"


class NormUnit(models.TextChoices):
    PER_HOUR = "per_hour", _("per academic hour")
    PER_STUDENT = "per_student", _("per student")
    PER_GROUP = "per_group", _("per group")
    PER_WORK = "per_work", _("per work")


class TimeNorm(TimeStampedModel):
    """A time norm for teachers' load (п. 5.4.4: load is counted by full-time norms).

    The norm in force on a date is the one with the latest ``valid_from`` not after it.
    """

    activity = models.CharField(_("activity"), max_length=20, choices=ClassKind.choices)
    unit = models.CharField(_("unit"), max_length=20, choices=NormUnit.choices)
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=2, validators=_NON_NEGATIVE
    )
    valid_from = models.DateField(_("valid from"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("time norm")
        verbose_name_plural = _("time norms")
        ordering = ["activity", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "valid_from"], name="acad_norm_once"),
        ]

    def __str__(self) -> str:
        return f"{self.get_activity_display()}: {self.hours} {self.get_unit_display()}"


class DotCertificate(TimeStampedModel):
    """A teacher's certificate or attestation of DOT qualification (п. 3.3).

    ``valid_until`` empty means the document does not expire.
    """

    class Kind(models.TextChoices):
        CERTIFICATE = "certificate", _("Certificate")
        ATTESTATION = "attestation", _("Attestation")

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.CASCADE,
        related_name="dot_certificates",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.CERTIFICATE
    )
    issuer = models.CharField(_("issuer"), max_length=255)
    number = models.CharField(_("number"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Leave empty if it does not expire.")
    )
    scan = models.FileField(_("scanned copy"), upload_to="academics/certificates/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("DOT certificate")
        verbose_name_plural = _("DOT certificates")
        ordering = ["teacher", "-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("issued_on")),
                name="acad_certificate_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number} — {self.teacher}"


class TrainingRecord(TimeStampedModel):
    """A teacher's DOT training (п. 4.8: departments send teachers; п. 5.4.6)."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.CASCADE,
        related_name="dot_trainings",
    )
    title = models.CharField(_("title"), max_length=255)
    provider = models.CharField(_("provider"), max_length=255)
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=2, validators=_NON_NEGATIVE
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    document_number = models.CharField(_("document number"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["teacher", "-start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="acad_train_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.teacher}"
