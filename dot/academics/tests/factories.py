"""factory_boy factories for the academic structure (shared with later apps' tests)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from dot.academics import models as m
from dot.org.models import UnitKind
from dot.testing.factories import OrgUnitFactory, UserFactory


class FacultyFactory(OrgUnitFactory):
    kind = UnitKind.FACULTY


class DepartmentFactory(OrgUnitFactory):
    kind = UnitKind.DEPARTMENT
    parent = factory.SubFactory(FacultyFactory)  # type: ignore[assignment]


class DirectionFactory(factory.django.DjangoModelFactory[m.Direction]):
    class Meta:
        model = m.Direction
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"56{n:04d}")
    name = factory.Sequence(lambda n: f"Направление {n}")
    level = m.EducationLevel.BACHELOR


class ProgrammeFactory(factory.django.DjangoModelFactory[m.Programme]):
    class Meta:
        model = m.Programme

    direction = factory.SubFactory(DirectionFactory)
    code = factory.Sequence(lambda n: f"prog-{n}")
    name = factory.Sequence(lambda n: f"Программа {n}")
    level = factory.SelfAttribute("direction.level")
    department = factory.SubFactory(DepartmentFactory)
    faculty = factory.LazyAttribute(lambda p: p.department.parent)
    duration_years = Decimal("4.0")
    total_ects = Decimal("240")


class AcademicYearFactory(factory.django.DjangoModelFactory[m.AcademicYear]):
    class Meta:
        model = m.AcademicYear
        django_get_or_create = ("title",)

    title = "2026–2027"
    start = datetime.date(2026, 9, 1)
    end = datetime.date(2027, 6, 30)


class SemesterFactory(factory.django.DjangoModelFactory[m.Semester]):
    class Meta:
        model = m.Semester
        django_get_or_create = ("academic_year", "number")

    academic_year = factory.SubFactory(AcademicYearFactory)
    number = 1
    start = factory.LazyAttribute(
        lambda s: (
            s.academic_year.start
            if s.number == 1
            else datetime.date(s.academic_year.start.year + 1, 2, 1)
        )
    )
    end = factory.LazyAttribute(
        lambda s: (
            datetime.date(s.academic_year.start.year + 1, 1, 31)
            if s.number == 1
            else s.academic_year.end
        )
    )


class ExamSessionFactory(factory.django.DjangoModelFactory[m.ExamSession]):
    class Meta:
        model = m.ExamSession

    semester = factory.SubFactory(SemesterFactory)
    start = factory.LazyAttribute(lambda s: s.semester.end - datetime.timedelta(days=20))
    end = factory.LazyAttribute(lambda s: s.semester.end)


class DisciplineFactory(factory.django.DjangoModelFactory[m.Discipline]):
    class Meta:
        model = m.Discipline

    code = factory.Sequence(lambda n: f"D{n:03d}")
    name = factory.Sequence(lambda n: f"Дисциплина {n}")
    department = factory.SubFactory(DepartmentFactory)


class DisciplineModuleFactory(factory.django.DjangoModelFactory[m.DisciplineModule]):
    class Meta:
        model = m.DisciplineModule

    discipline = factory.SubFactory(DisciplineFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Модуль {n}")


class CurriculumFactory(factory.django.DjangoModelFactory[m.Curriculum]):
    class Meta:
        model = m.Curriculum

    programme = factory.SubFactory(ProgrammeFactory)
    intake_year = 2026
    version = 1
    status = m.CurriculumStatus.DRAFT


class CurriculumLineFactory(factory.django.DjangoModelFactory[m.CurriculumLine]):
    """A line of 4 ECTS = 120 h: 30 lectures + 30 practice + 60 СРС (norm 30)."""

    class Meta:
        model = m.CurriculumLine

    curriculum = factory.SubFactory(CurriculumFactory)
    discipline = factory.SubFactory(
        DisciplineFactory, department=factory.SelfAttribute("..curriculum.programme.department")
    )
    semester_number = 1
    ects = Decimal("4")
    lecture_hours = Decimal("30")
    lab_hours = Decimal("0")
    practice_hours = Decimal("30")
    srs_hours = Decimal("60")
    control_form = m.ControlForm.EXAM


class StudentGroupFactory(factory.django.DjangoModelFactory[m.StudentGroup]):
    class Meta:
        model = m.StudentGroup

    name = factory.Sequence(lambda n: f"ГР-{n}-26")
    programme = factory.SubFactory(ProgrammeFactory)
    intake_year = 2026
    study_form = m.StudyForm.FULL_TIME


class StudentFactory(factory.django.DjangoModelFactory[m.Student]):
    class Meta:
        model = m.Student

    user = factory.SubFactory(UserFactory)
    group = factory.SubFactory(StudentGroupFactory)
    programme = factory.SelfAttribute("group.programme")
    record_book_number = factory.Sequence(lambda n: f"ЗК-{n:05d}")


class StudentStatusChangeFactory(factory.django.DjangoModelFactory[m.StudentStatusChange]):
    class Meta:
        model = m.StudentStatusChange

    student = factory.SubFactory(StudentFactory)
    status = m.StudentStatus.STUDYING
    date = datetime.date(2026, 9, 1)


class SemesterRegistrationFactory(factory.django.DjangoModelFactory[m.SemesterRegistration]):
    class Meta:
        model = m.SemesterRegistration

    student = factory.SubFactory(StudentFactory)
    semester = factory.SubFactory(SemesterFactory)
    curriculum_line = factory.SubFactory(CurriculumLineFactory)


class TeachingAssignmentFactory(factory.django.DjangoModelFactory[m.TeachingAssignment]):
    class Meta:
        model = m.TeachingAssignment

    teacher = factory.SubFactory(UserFactory)
    discipline = factory.SubFactory(DisciplineFactory)
    group = factory.SubFactory(StudentGroupFactory)
    semester = factory.SubFactory(SemesterFactory)
    class_kind = m.ClassKind.LECTURE
    hours = Decimal("30")


class TimeNormFactory(factory.django.DjangoModelFactory[m.TimeNorm]):
    class Meta:
        model = m.TimeNorm
        django_get_or_create = ("activity", "valid_from")

    activity = m.ClassKind.LECTURE
    unit = m.NormUnit.PER_HOUR
    hours = Decimal("1")
    valid_from = datetime.date(2026, 9, 1)


class DotCertificateFactory(factory.django.DjangoModelFactory[m.DotCertificate]):
    class Meta:
        model = m.DotCertificate

    teacher = factory.SubFactory(UserFactory)
    kind = m.DotCertificate.Kind.CERTIFICATE
    issuer = "ОИТЦ ОУ «РМУ»"
    number = factory.Sequence(lambda n: f"ДОТ-{n:04d}")
    issued_on = datetime.date(2025, 1, 15)
    valid_until = datetime.date(2028, 1, 14)


class TrainingRecordFactory(factory.django.DjangoModelFactory[m.TrainingRecord]):
    class Meta:
        model = m.TrainingRecord

    teacher = factory.SubFactory(UserFactory)
    title = "Использование ДОТ в учебном процессе"
    provider = "ОИТЦ ОУ «РМУ»"
    hours = Decimal("72")
    start = datetime.date(2025, 1, 10)
    end = datetime.date(2025, 1, 24)
