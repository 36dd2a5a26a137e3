"""Demo data of section V: a DOT order per demo programme, DOT applications and individual
study plans in every state, moved along the real routes so that every timeline shows who
decided and when.

* «Лечебное дело» (ЛД-1-24, ЛД-2-24), discipline КД-301 (ready for DOT, taught by the
  certified «teacher»): applications in every state (draft, at each step, returned,
  rejected, approved) and plans in every state (draft, at each of the five steps,
  returned, approved, completed, archived — the demo «student» has version 1 archived by
  its approved amendment, version 2, with a deadline in the calendar).
* A plan blocked by п. 3.3: МФД-108 is taught to ЛД-1-24 by «teacher2», who holds no DOT
  certificate; the plan cannot be submitted.
* A plan over the 70 % cap of п. 5.4.3: the master's student «master» (ФМ-1-26з, a
  master's programme licensed for the extramural form). Its disciplines have no ЭУМК
  ready for DOT, so its application could not go through the route: it is recorded as
  approved directly (the demo's only shortcut), to show the plan's findings.

Idempotent: every scenario is keyed by its student and its reason text and skipped when
it exists. Tolerant: without the academic demo (programmes, students, users) it does
nothing.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from dot.academics.models import Curriculum, Discipline, Programme, Semester, Student
from dot.accounts.models import Role, RoleAssignment, User
from dot.core.models import ApprovalStatus
from dot.org.models import OrgUnit

from . import approval, selectors, services
from .models import (
    ApplicationDocument,
    DotApplication,
    DotApplicationLine,
    DotOrder,
    Period,
    ReasonKind,
    StudyPlan,
    StudyPlanRow,
)

D = Decimal

# programme code → (drafted by, dean, leader's share for master's without extramural,
#                   per-discipline limit in % of classroom hours)
ORDERS: dict[str, tuple[str, str, str | None, str | None]] = {
    "ld": ("deanoffice", "dean", None, "50"),
    "ph-msc": ("deanoffice", "dean", "40", None),
    "econ-bsc": ("dean_fem", "dean_fem", None, "50"),
    "fin-msc": ("dean_fem", "dean_fem", None, None),
    "kpk-digital": ("dean_fem", "dean_fem", None, None),
}

# (student, reason text: the scenario's key, state of the application)
APPLICATIONS = [
    ("ld24-0002", "Демо: заявление в черновике.", "draft"),
    ("ld24-0003", "Демо: ждёт разрешения преподавателя.", "teachers"),
    ("ld24-0004", "Демо: ждёт разрешения руководителя программы.", "leader"),
    ("ld24-0005", "Демо: ждёт согласования деканата.", "deans_office"),
    ("ld24-0006", "Демо: возвращено на доработку.", "returned"),
    ("ld24-0007", "Демо: отклонено.", "rejected"),
]

# (student, reason text, state of the plan)
PLANS = [
    ("ld24-0002", "Демо: ИУП в черновике.", "draft"),
    ("ld24-0003", "Демо: ИУП у преподавателей.", "teachers"),
    ("ld24-0004", "Демо: ИУП у студента.", "student"),
    ("ld24-0005", "Демо: ИУП в учебном отделе.", "academic_office"),
    ("ld24-0006", "Демо: ИУП у заведующих кафедрами.", "department"),
    ("ld24-0007", "Демо: ИУП у декана.", "dean"),
    ("ld24-0003", "Демо: ИУП возвращён учебным отделом.", "returned"),
    ("ld24-0004", "Демо: ИУП утверждён.", "approved"),
    ("ld24-0005", "Демо: ИУП выполнен.", "completed"),
    ("student", "Демо: перелом ноги, амбулаторное лечение (справка ВКК).", "amended"),
]
ILLNESS_DOC = "spravka-vkk.pdf"


def _user(username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def _orders(units: dict[str, OrgUnit], uo: User) -> None:
    for code, (author_name, dean_name, share, percent) in ORDERS.items():
        programme = Programme.objects.filter(code=code).first()
        author, dean = _user(author_name), _user(dean_name)
        if programme is None or author is None or dean is None:
            continue
        if DotOrder.objects.filter(programme=programme).exists():
            continue
        order = services.order_create(
            actor=author,
            programme=programme,
            valid_from=datetime.date(2026, 9, 1),
            master_dot_share_percent=D(share) if share else None,
            note="Порядок применения ДОТ по программе (демо).",
        )
        disciplines = Discipline.objects.filter(
            curriculum_lines__curriculum__programme=programme
        ).distinct()
        for discipline in disciplines:
            services.order_item_add(
                actor=author,
                order=order,
                discipline=discipline,
                max_percent=D(percent) if percent else None,
            )
        services.order_submit(actor=author, order=order, comment="Проект порядка ДОТ.")
        services.order_decide(actor=uo, order=order, decision="approve", comment="Согласовано.")
        services.order_decide(actor=dean, order=order, decision="approve")


def _semester() -> Semester | None:
    return Semester.objects.filter(academic_year__title="2026–2027", number=1).first()


def _application(
    student: Student, semester: Semester, text: str, codes: list[str], actor: User
) -> DotApplication:
    app = DotApplication.objects.create(
        student=student,
        semester=semester,
        period=Period.SEMESTER,
        period_start=semester.start,
        period_end=semester.end,
        reason_kind=ReasonKind.ILLNESS,
        reason_text=text,
        created_by=actor,
    )
    for code in codes:
        discipline = Discipline.objects.get(code=code)
        DotApplicationLine.objects.create(
            application=app,
            discipline=discipline,
            teacher=selectors.line_teacher(student, semester, discipline),
        )
    from dot.content.samples import pdf_bytes

    doc = ApplicationDocument(
        application=app, name=ILLNESS_DOC, file_type="pdf", uploaded_by=actor, size=0
    )
    data = pdf_bytes("Справка ВКК (демо)")
    doc.size = len(data)
    doc.file.save(ILLNESS_DOC, ContentFile(data), save=False)
    doc.save()
    return app


def _walk_application(app: DotApplication, target: str, people: dict[str, User]) -> None:
    student = app.student.user
    if target == "draft":
        return
    services.application_submit(actor=student, application=app, comment="")
    if target == "teachers":
        return
    if target == "returned":
        services.application_teacher_decide(
            actor=people["teacher"],
            application=app,
            decision="return",
            comment="Приложите справку с датами лечения.",
        )
        return
    for line in app.lines.all():
        services.application_teacher_decide(
            actor=line.teacher, application=app, decision="approve", comment="Разрешаю."
        )
    if target == "leader":
        return
    if target == "rejected":
        services.application_decide(
            actor=people["leader"],
            application=app,
            decision="reject",
            comment="Уважительная причина не подтверждена.",
        )
        return
    services.application_decide(actor=people["leader"], application=app, decision="approve")
    if target == "deans_office":
        return
    services.application_decide(
        actor=people["deanoffice"],
        application=app,
        decision="approve",
        comment="Соотношение аудиторных занятий и ДОТ согласовано.",
    )


def _set_hours(plan: StudyPlan) -> None:
    for row in plan.rows.select_related("curriculum_line", "teacher"):
        row.plan = plan
        services.plan_set_hours(
            actor=row.teacher,
            row=row,
            lecture_hours=D("12"),
            lab_hours=D("0"),
            practice_hours=D("18"),
            dot_hours=D("40"),
        )
    plan.refresh_from_db()


def _fill_rows(plan: StudyPlan, actor: User) -> None:
    for row in plan.rows.all():
        services.plan_row_update(
            actor=actor,
            row=row,
            place_and_time="Ауд. 214, чт 14:00; консультации онлайн (видеоконференция)",
            deadline=datetime.date(2026, 12, 25),
            note="ДОТ: модули 2–3 самостоятельно",
        )
    services.plan_update(
        actor=actor,
        plan=plan,
        individual_schedule=(
            "Сентябрь–октябрь: модули 1–2 самостоятельно, консультации по четвергам.\n"
            "Ноябрь–декабрь: модуль 3, контрольная работа до 20.12.2026."
        ),
    )


def _walk_plan(plan: StudyPlan, target: str, people: dict[str, User]) -> None:
    office = people["deanoffice"]
    if target == "draft":
        return
    services.plan_submit(actor=office, plan=plan, comment="ИУП сформирован деканатом.")
    if target == "teachers":
        return
    _set_hours(plan)
    if target == "student":
        return
    services.plan_acknowledge(actor=plan.student.user, plan=plan, comment="С ИУП ознакомлен.")
    if target == "academic_office":
        return
    if target == "returned":
        services.plan_decide(
            actor=people["uo"],
            plan=plan,
            decision="return",
            comment="Уточните место и время консультаций.",
        )
        return
    services.plan_decide(actor=people["uo"], plan=plan, decision="approve", comment="Согласовано.")
    if target == "department":
        return
    services.plan_department_agree(actor=people["head_kd"], plan=plan, comment="Согласовано.")
    if target == "dean":
        return
    services.plan_decide(actor=people["dean"], plan=plan, decision="approve", comment="Утверждаю.")


def _plan_scenario(student: Student, text: str, target: str, people: dict[str, User]) -> None:
    semester = _semester()
    if semester is None:
        return
    app = _application(student, semester, text, ["КД-301"], student.user)
    _walk_application(app, "approved", people)
    office = people["deanoffice"]
    plan = services.plan_create_from_application(actor=office, application=app)
    _fill_rows(plan, office)
    if target in ("completed", "amended"):
        _walk_plan(plan, "approved", people)
    else:
        _walk_plan(plan, target, people)
    if target == "completed":
        for row in plan.rows.all():
            row.plan = plan
            services.plan_record_result(actor=row.teacher, row=row, result="отлично (5)")
    if target == "amended":
        new = services.plan_amend(actor=office, plan=plan)
        services.plan_update(
            actor=office,
            plan=new,
            individual_schedule=plan.individual_schedule
            + "\nИзменение: контрольная работа перенесена на 22.12.2026.",
        )
        _walk_plan(new, "approved", people)


def _blocked_by_certificate(people: dict[str, User]) -> None:
    """п. 3.3: МФД-108 is taught by «teacher2», who holds no DOT certificate."""
    student = Student.objects.filter(user__username="ld24-0002").first()
    semester = _semester()
    text = "Демо: ИУП заблокирован — у преподавателя нет сертификата ДОТ."
    if (
        student is None
        or semester is None
        or DotApplication.objects.filter(reason_text=text).exists()
    ):
        return
    app = _application(student, semester, text, ["КД-301", "МФД-108"], student.user)
    _walk_application(app, "approved", people)
    plan = services.plan_create_from_application(actor=people["deanoffice"], application=app)
    _fill_rows(plan, people["deanoffice"])


def _over_the_cap(people: dict[str, User]) -> None:
    """п. 5.4.3: a master's plan (programme with the extramural form) over 70 % of hours."""
    student = Student.objects.filter(user__username="master").select_related("programme").first()
    semester = _semester()
    text = "Демо: ИУП магистранта сверх 70 % часов учебного плана."
    if (
        student is None
        or semester is None
        or DotApplication.objects.filter(reason_text=text).exists()
    ):
        return
    curriculum = Curriculum.objects.in_force().filter(programme=student.programme).first()
    if curriculum is None:
        return
    lines = list(curriculum.lines.filter(semester_number=1).select_related("discipline"))
    app = _application(student, semester, text, [ln.discipline.code for ln in lines], student.user)
    # The demo's only shortcut: these disciplines have no ЭУМК ready for DOT (п. 5.4.2), so
    # the application could not pass its route; it is recorded as approved to show the plan.
    now = timezone.now()
    app.lines.update(teacher_permission=True, teacher_permission_at=now)
    DotApplication.objects.filter(pk=app.pk).update(status=ApprovalStatus.APPROVED)
    plan = StudyPlan.objects.create(
        student=student, semester=semester, application=app, created_by=people["dean_fem"]
    )
    # 450 h in the semester; 330 h by DOT = 73.33 % > 70 %.
    for line, dot in zip(lines, ("160", "130", "40"), strict=False):
        StudyPlanRow.objects.create(
            plan=plan,
            curriculum_line=line,
            dot_hours=D(dot),
            teacher=people["teacher"],
            teacher_permission=True,
            teacher_permission_at=now,
            leader_permission=True,
            leader_permission_at=now,
            deadline=datetime.date(2027, 1, 20),
            place_and_time="Онлайн, по индивидуальному графику",
        )


@transaction.atomic
def seed(units: dict[str, OrgUnit]) -> None:
    names = ("teacher", "teacher2", "leader", "deanoffice", "dean", "uo", "head_kd", "dean_fem")
    people = {n: u for n in names if (u := _user(n)) is not None}
    if len(people) < len(names) or not Programme.objects.filter(code="ld").exists():
        return
    # The master's programme «Финансовый менеджмент» has no named leader: the head of the
    # department «ЭиМ» leads it in the demo (п. 5.4.3 share, permissions of п. 5.4.1).
    head_em = _user("head_em")
    if head_em is not None and "em" in units:
        RoleAssignment.objects.get_or_create(
            user=head_em, role=Role.PROGRAMME_LEADER, unit=units["em"]
        )
    _orders(units, people["uo"])
    semester = _semester()
    if semester is None:
        return
    for username, text, target in APPLICATIONS:
        student = Student.objects.filter(user__username=username).first()
        if student is None or DotApplication.objects.filter(reason_text=text).exists():
            continue
        app = _application(student, semester, text, ["КД-301"], student.user)
        _walk_application(app, target, people)
    for username, text, target in PLANS:
        student = Student.objects.filter(user__username=username).first()
        if student is None or DotApplication.objects.filter(reason_text=text).exists():
            continue
        _plan_scenario(student, text, target, people)
    _blocked_by_certificate(people)
    _over_the_cap(people)


__all__ = ["seed", "approval"]
