"""Screens of the people side: the dean's office (groups, students, registration,
import; п. 4.7), the department (teaching assignments, load, DOT certificates;
п. 3.3, 4.8, 5.4.4), the student («My disciplines») and the teacher («My load»).

Thin views: parse input, check ``people_permissions``, call one service, render. What a
user may not see answers 404 like a missing object.
"""

from __future__ import annotations

import io
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from openpyxl import Workbook
from openpyxl.styles import Font

from dot.accounts.models import Role, RoleAssignment, User
from dot.core.audit import audit_for
from dot.org.models import OrgUnit

from . import people_imports, people_selectors, people_services
from . import people_permissions as perms
from .models import (
    ClassKind,
    Discipline,
    DotCertificate,
    Programme,
    Semester,
    SemesterRegistration,
    Student,
    StudentGroup,
    StudentStatus,
    TeachingAssignment,
    TrainingRecord,
)
from .people_forms import (
    AssignmentFilterForm,
    AssignmentForm,
    CertificateForm,
    GroupFilterForm,
    GroupForm,
    ImportForm,
    RegistrationForm,
    SemesterChoiceForm,
    StatusChangeForm,
    StudentCreateForm,
    StudentEditForm,
    StudentFilterForm,
    TrainingForm,
)

PAGE_SIZE = 25
XLSX_MIME = people_imports.XLSX_MIME


def _page(request: HttpRequest, qs: QuerySet[Any]) -> Any:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _apply_errors(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _managed_programmes(user: Any) -> QuerySet[Programme]:
    """Programmes of the faculties whose dean's office the user is."""
    faculties = perms.dean_office_units(user)
    return (
        Programme.objects.filter(faculty__in=faculties, is_active=True)
        .select_related("direction")
        .order_by("direction__code", "name")
    )


def _faculty_staff(user: Any) -> QuerySet[User]:
    paths = [f.path for f in perms.dean_office_units(user)]
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(unit__path__startswith=path)
    ids = (
        RoleAssignment.objects.current()
        .filter(q, role__in=[Role.TEACHER, Role.TUTOR, Role.HEAD_OF_DEPARTMENT, Role.DEANS_OFFICE])
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name")


# --- Groups ------------------------------------------------------------------------------------


def _group(request: HttpRequest, pk: int) -> StudentGroup:
    return get_object_or_404(
        perms.groups_visible_to(request.user).select_related(
            "programme", "programme__direction", "programme__faculty", "curator", "tutor"
        ),
        pk=pk,
    )


def _editable_group(request: HttpRequest, pk: int) -> StudentGroup:
    group = _group(request, pk)
    if not perms.can_edit_group(request.user, group):
        raise Http404
    return group


@login_required
def group_list(request: HttpRequest) -> HttpResponse:
    """Groups of the user's faculty with search, filters and pagination (п. 4.7)."""
    user = request.user
    if not perms.can_list_groups(user):
        raise Http404
    groups = perms.groups_visible_to(user)
    programmes = Programme.objects.filter(pk__in=groups.values("programme_id")).select_related(
        "direction"
    )
    form = GroupFilterForm(request.GET or None, programmes=programmes)
    qs = groups.select_related("programme", "programme__direction", "tutor").annotate(
        student_count=Count("students", filter=Q(students__status=StudentStatus.STUDYING))
    )
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            qs = qs.filter(Q(name__icontains=data["q"]) | Q(programme__name__icontains=data["q"]))
        if data["programme"]:
            qs = qs.filter(programme=data["programme"])
        if data["intake_year"]:
            qs = qs.filter(intake_year=data["intake_year"])
        if data["study_form"]:
            qs = qs.filter(study_form=data["study_form"])
        if data["dot"]:
            qs = qs.filter(is_dot_group=data["dot"] == "1")
    return render(
        request,
        "academics/people/group_list.html",
        {
            "page": _page(request, qs.order_by("name")),
            "form": form,
            "can_manage": perms.can_manage_groups(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_create(request: HttpRequest) -> HttpResponse:
    if not perms.can_manage_groups(request.user):
        raise Http404
    form = GroupForm(
        request.POST or None,
        programmes=_managed_programmes(request.user),
        staff=_faculty_staff(request.user),
        initial={"intake_year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        try:
            group = people_services.group_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The group is created."))
            return redirect("academics:group_detail", pk=group.pk)
    return render(request, "academics/people/group_form.html", {"form": form, "group": None})


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = _editable_group(request, pk)
    initial = {
        "name": group.name,
        "programme": group.programme,
        "intake_year": group.intake_year,
        "study_form": group.study_form,
        "is_dot_group": group.is_dot_group,
        "curator": group.curator,
        "tutor": group.tutor,
    }
    form = GroupForm(
        request.POST or None,
        programmes=_managed_programmes(request.user),
        staff=_faculty_staff(request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            people_services.group_update(group=group, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The group is saved."))
            return redirect("academics:group_detail", pk=group.pk)
    return render(request, "academics/people/group_form.html", {"form": form, "group": group})


@login_required
def group_detail(request: HttpRequest, pk: int) -> HttpResponse:
    group = _group(request, pk)
    students = group.students.select_related("user").order_by("user__last_name", "user__first_name")
    semester = people_selectors.current_semester()
    registered: dict[int, int] = {}
    if semester is not None:
        registered = {
            r["student_id"]: r["n"]
            for r in SemesterRegistration.objects.filter(student__group=group, semester=semester)
            .values("student_id")
            .annotate(n=Count("id"))
        }
    assignments = (
        TeachingAssignment.objects.filter(group=group)
        .select_related("teacher", "discipline", "semester", "semester__academic_year")
        .order_by("-semester__start", "discipline__name", "class_kind")
    )
    return render(
        request,
        "academics/people/group_detail.html",
        {
            "group": group,
            "students": [(s, registered.get(s.pk, 0)) for s in students],
            "semester": semester,
            "assignments": assignments,
            "can_edit": perms.can_edit_group(request.user, group),
            "history": audit_for(group)[:20],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_register(request: HttpRequest, pk: int) -> HttpResponse:
    """Register the group (or one student, ``?student=``) to a semester's disciplines
    from the approved РУП, with electives chosen per student (п. 4.7)."""
    group = _editable_group(request, pk)
    roster = list(
        group.students.filter(status=StudentStatus.STUDYING)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )
    only = request.GET.get("student") or request.POST.get("student")
    if only:
        roster = [s for s in roster if str(s.pk) == only]
        if not roster:
            raise Http404
    semesters = Semester.objects.select_related("academic_year").order_by("-start")
    choice = SemesterChoiceForm(request.GET or None)
    choice.fields["semester"].queryset = semesters  # type: ignore[attr-defined]
    semester: Semester | None = None
    if request.method == "POST":
        semester = semesters.filter(pk=request.POST.get("semester") or 0).first()
    elif choice.is_valid():
        semester = choice.cleaned_data["semester"]
    context: dict[str, Any] = {
        "group": group,
        "choice": choice,
        "semester": semester,
        "only": roster[0] if only else None,
    }
    if semester is None:
        return render(request, "academics/people/group_register.html", context)
    try:
        lines = people_services.registration_lines(group, semester)
    except ValidationError as exc:
        context["refusal"] = " ".join(exc.messages)
        return render(request, "academics/people/group_register.html", context)
    electives = people_services.elective_groups(lines)
    line_group = {line.pk: name for name, options in electives.items() for line in options}
    current = {
        (r.student_id, line_group[r.curriculum_line_id]): r.curriculum_line_id
        for r in SemesterRegistration.objects.filter(
            semester=semester, student__in=roster, curriculum_line_id__in=line_group
        )
    }
    form = RegistrationForm(
        request.POST or None,
        semesters=semesters,
        students=roster,
        electives=electives,
        current=current,
        initial={"semester": semester.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = people_services.semester_register(
                group=group,
                semester=semester,
                actor=request.user,
                students=roster if only else None,
                electives=form.choices(),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Registered: %(students)s students, %(created)s new registrations, "
                    "%(existing)s already existed."
                )
                % {
                    "students": result.students,
                    "created": result.created,
                    "existing": result.existing,
                },
            )
            if result.missing_choice:
                messages.warning(
                    request,
                    _("%(n)s students have not chosen an elective yet: register them later.")
                    % {"n": len(result.missing_choice)},
                )
            return redirect("academics:group_detail", pk=group.pk)
    context.update(
        {
            "form": form,
            "lines": lines,
            "compulsory": [line for line in lines if not line.is_elective],
            "electives": electives,
            "curriculum_semester": semester.curriculum_semester(group.intake_year),
        }
    )
    return render(request, "academics/people/group_register.html", context)


# --- Import ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def people_import(request: HttpRequest) -> HttpResponse:
    """Bulk import of groups and students (XLSX/CSV), all or nothing, with a report."""
    if not perms.can_manage_groups(request.user):
        raise Http404
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        programmes = {p.code.lower(): p for p in _managed_programmes(request.user)}
        report = people_imports.students_import(
            actor=request.user, upload=upload, size=upload.size, programmes=programmes
        )
        if report.ok:
            messages.success(
                request,
                _("Imported: %(g)s new groups, %(s)s students.")
                % {"g": report.groups_created, "s": report.students_created},
            )
            return redirect("academics:student_list")
    status = 400 if report is not None and not report.ok else 200
    return render(
        request,
        "academics/people/import.html",
        {"form": form, "report": report, "headers": people_imports.HEADERS},
        status=status,
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    if not perms.can_manage_groups(request.user):
        raise Http404
    response = HttpResponse(people_imports.template_bytes(), content_type=XLSX_MIME)
    response["Content-Disposition"] = 'attachment; filename="students-template.xlsx"'
    return response


# --- Students --------------------------------------------------------------------------------


def _student(request: HttpRequest, pk: int) -> Student:
    return get_object_or_404(
        perms.students_visible_to(request.user).select_related(
            "user", "group", "programme", "programme__faculty"
        ),
        pk=pk,
    )


def _editable_student(request: HttpRequest, pk: int) -> Student:
    student = _student(request, pk)
    if not perms.can_edit_student(request.user, student):
        raise Http404
    return student


@login_required
def student_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not perms.can_list_groups(user):
        raise Http404
    groups = perms.groups_visible_to(user).order_by("name")
    form = StudentFilterForm(request.GET or None, groups=groups)
    qs = perms.students_visible_to(user).select_related("user", "group", "programme")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"]
            qs = qs.filter(
                Q(user__last_name__icontains=q)
                | Q(user__first_name__icontains=q)
                | Q(record_book_number__icontains=q)
                | Q(user__username__icontains=q)
            )
        if data["group"]:
            qs = qs.filter(group=data["group"])
        if data["status"]:
            qs = qs.filter(status=data["status"])
        if data["listeners"]:
            qs = qs.filter(is_listener=data["listeners"] == "1")
    return render(
        request,
        "academics/people/student_list.html",
        {
            "page": _page(request, qs.order_by("user__last_name", "user__first_name", "pk")),
            "form": form,
            "can_manage": perms.can_manage_groups(user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def student_create(request: HttpRequest) -> HttpResponse:
    if not perms.can_manage_groups(request.user):
        raise Http404
    programmes = _managed_programmes(request.user)
    groups = StudentGroup.objects.filter(programme__in=programmes).order_by("name")
    initial: dict[str, Any] = {}
    wanted = request.GET.get("group", "")
    group = groups.filter(pk=int(wanted)).first() if wanted.isdigit() else None
    if group is not None:
        initial = {"group": group.pk, "programme": group.programme_id}
    form = StudentCreateForm(
        request.POST or None, programmes=programmes, groups=groups, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            student = people_services.student_account_create(
                actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The student is enrolled and the account is created."))
            return redirect("academics:student_detail", pk=student.pk)
    return render(request, "academics/people/student_form.html", {"form": form, "student": None})


@login_required
@require_http_methods(["GET", "POST"])
def student_edit(request: HttpRequest, pk: int) -> HttpResponse:
    student = _editable_student(request, pk)
    groups = StudentGroup.objects.filter(programme=student.programme).order_by("name")
    form = StudentEditForm(
        request.POST or None,
        groups=groups,
        initial={
            "group": student.group,
            "record_book_number": student.record_book_number,
            "is_listener": student.is_listener,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            people_services.student_update(student=student, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The student's record is saved."))
            return redirect("academics:student_detail", pk=student.pk)
    return render(request, "academics/people/student_form.html", {"form": form, "student": student})


@login_required
def student_detail(request: HttpRequest, pk: int) -> HttpResponse:
    student = _student(request, pk)
    can_edit = perms.can_edit_student(request.user, student)
    semester = people_selectors.current_semester()
    return render(
        request,
        "academics/people/student_detail.html",
        {
            "student": student,
            "history": student.status_changes.select_related("actor").order_by("-date", "-id"),
            "registrations": SemesterRegistration.objects.filter(student=student)
            .select_related("semester", "semester__academic_year", "curriculum_line__discipline")
            .order_by("-semester__start", "curriculum_line__order"),
            "status_form": StatusChangeForm() if can_edit else None,
            "can_edit": can_edit,
            "semester": semester,
        },
    )


@login_required
@require_POST
def student_status(request: HttpRequest, pk: int) -> HttpResponse:
    student = _editable_student(request, pk)
    form = StatusChangeForm(request.POST)
    if form.is_valid():
        try:
            people_services.student_change_status(
                student=student, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The status is changed."))
            return redirect("academics:student_detail", pk=student.pk)
    return render(
        request,
        "academics/people/student_detail.html",
        {
            "student": student,
            "history": student.status_changes.select_related("actor").order_by("-date", "-id"),
            "registrations": SemesterRegistration.objects.none(),
            "status_form": form,
            "can_edit": True,
        },
        status=400,
    )


# --- The student: my disciplines (п. 4.7) ---------------------------------------------------


@login_required
def my_disciplines(request: HttpRequest) -> HttpResponse:
    student = (
        Student.objects.filter(user=cast(User, request.user))
        .select_related("group", "programme", "programme__direction")
        .first()
    )
    if student is None:
        if not perms.can_see_my_disciplines(request.user):
            raise Http404
        return render(request, "academics/people/my_disciplines.html", {"student": None})
    semesters = list(people_selectors.student_semesters(student))
    semester: Semester | None = None
    wanted = request.GET.get("semester")
    if wanted:
        semester = next((s for s in semesters if str(s.pk) == wanted), None)
        if semester is None:
            raise Http404
    else:
        current = people_selectors.current_semester()
        semester = current if current in semesters else (semesters[0] if semesters else current)
    rows = people_selectors.student_disciplines(student, semester) if semester else []
    total_ects = sum((r.registration.curriculum_line.ects for r in rows), start=0)
    return render(
        request,
        "academics/people/my_disciplines.html",
        {
            "student": student,
            "semesters": semesters,
            "semester": semester,
            "rows": rows,
            "total_ects": total_ects,
        },
    )


# --- Departments: assignments (п. 4.8) -------------------------------------------------------


def _department(request: HttpRequest, pk: int) -> OrgUnit:
    return get_object_or_404(perms.departments_visible_to(request.user), pk=pk)


@login_required
def department_list(request: HttpRequest) -> HttpResponse:
    if not perms.can_list_departments(request.user):
        raise Http404
    departments = list(perms.departments_visible_to(request.user).select_related("parent"))
    if len(departments) == 1:
        return redirect("academics:department_assignments", pk=departments[0].pk)
    return render(request, "academics/people/department_list.html", {"departments": departments})


def _semester_param(request: HttpRequest) -> Semester | None:
    value = request.GET.get("semester")
    qs = Semester.objects.select_related("academic_year")
    if value:
        return qs.filter(pk=value).first() if value.isdigit() else None
    return people_selectors.current_semester()


@login_required
def department_assignments(request: HttpRequest, pk: int) -> HttpResponse:
    department = _department(request, pk)
    teachers = people_selectors.department_teachers(department)
    semester = _semester_param(request)
    form = AssignmentFilterForm(
        request.GET or None,
        teachers=teachers,
        initial={"semester": semester},
    )
    qs = people_selectors.department_assignments(department, semester).select_related(
        "teacher", "discipline", "group", "semester", "semester__academic_year"
    )
    if form.is_valid() and form.cleaned_data["teacher"]:
        qs = qs.filter(teacher=form.cleaned_data["teacher"])
    return render(
        request,
        "academics/people/department_assignments.html",
        {
            "department": department,
            "form": form,
            "semester": semester,
            "page": _page(
                request, qs.order_by("discipline__name", "group__name", "class_kind", "pk")
            ),
            "can_manage": perms.can_manage_assignments(request.user, department),
            "tab": "assignments",
        },
    )


def _assignment_form(
    request: HttpRequest, department: OrgUnit, initial: dict[str, Any] | None = None
) -> AssignmentForm:
    teachers = User.objects.filter(
        Q(pk__in=people_selectors.department_teachers(department).values("pk"))
        | Q(
            pk__in=RoleAssignment.objects.current()
            .filter(role__in=perms.TEACHING_ROLES)
            .values("user_id")
        )
    ).order_by("last_name", "first_name")
    return AssignmentForm(
        request.POST or None,
        disciplines=Discipline.objects.filter(
            department__path__startswith=department.path, is_active=True
        ).order_by("name"),
        groups=StudentGroup.objects.filter(is_active=True)
        .select_related("programme")
        .order_by("name"),
        teachers=teachers,
        initial=initial,
    )


@login_required
@require_http_methods(["GET", "POST"])
def assignment_create(request: HttpRequest, pk: int) -> HttpResponse:
    department = _department(request, pk)
    if not perms.can_manage_assignments(request.user, department):
        raise Http404
    form = _assignment_form(
        request, department, initial={"semester": people_selectors.current_semester()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            people_services.assignment_create(
                actor=request.user,
                staff_ids=people_selectors.department_staff_ids(department),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The teaching assignment is saved."))
            return redirect("academics:department_assignments", pk=department.pk)
    return render(
        request,
        "academics/people/assignment_form.html",
        {"form": form, "department": department, "assignment": None},
    )


def _editable_assignment(request: HttpRequest, pk: int) -> TeachingAssignment:
    assignment = get_object_or_404(
        perms.assignments_visible_to(request.user).select_related(
            "discipline", "discipline__department", "teacher", "group", "semester"
        ),
        pk=pk,
    )
    if not perms.can_edit_assignment(request.user, assignment):
        raise Http404
    return assignment


@login_required
@require_http_methods(["GET", "POST"])
def assignment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _editable_assignment(request, pk)
    department = assignment.discipline.department
    form = _assignment_form(
        request,
        department,
        initial={
            "semester": assignment.semester,
            "discipline": assignment.discipline,
            "group": assignment.group,
            "class_kind": assignment.class_kind,
            "hours": assignment.hours,
            "teacher": assignment.teacher,
            "is_external": assignment.is_external,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            people_services.assignment_update(
                assignment=assignment,
                actor=request.user,
                staff_ids=people_selectors.department_staff_ids(department),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The teaching assignment is saved."))
            return redirect("academics:department_assignments", pk=department.pk)
    return render(
        request,
        "academics/people/assignment_form.html",
        {"form": form, "department": department, "assignment": assignment},
    )


@login_required
@require_POST
def assignment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _editable_assignment(request, pk)
    department_pk = assignment.discipline.department_id
    people_services.assignment_delete(assignment=assignment, actor=request.user)
    messages.success(request, _("The teaching assignment is deleted."))
    return redirect("academics:department_assignments", pk=department_pk)


# --- Workload (п. 5.4.4) -----------------------------------------------------------------------


KIND_LABELS = dict(ClassKind.choices)


def _kind_columns() -> list[tuple[str, str]]:
    return [(k, str(KIND_LABELS[k])) for k in people_selectors.KIND_COLUMNS]


@login_required
def department_workload(request: HttpRequest, pk: int) -> HttpResponse:
    department = _department(request, pk)
    semester = _semester_param(request)
    loads = people_selectors.workload_by_teacher(
        people_selectors.department_assignments(department, semester)
    )
    columns = _kind_columns()
    return render(
        request,
        "academics/people/department_workload.html",
        {
            "department": department,
            "semester": semester,
            "semesters": Semester.objects.select_related("academic_year").order_by("-start"),
            "loads": [(load, [load.kind_total(k) for k, _l in columns]) for load in loads],
            "columns": columns,
            "total": sum((load.total for load in loads), start=people_selectors.ZERO),
            "tab": "workload",
        },
    )


@login_required
def department_workload_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    department = _department(request, pk)
    semester = _semester_param(request)
    loads = people_selectors.workload_by_teacher(
        people_selectors.department_assignments(department, semester)
    )
    wb = Workbook()
    ws = wb.active
    ws.title = str(_("Load"))[:31]
    columns = _kind_columns()
    ws.append([str(_("Teacher")), *[label for _k, label in columns], str(_("Total, h"))])
    for load in loads:
        ws.append([load.teacher.full_name, *[load.kind_total(k) for k, _l in columns], load.total])
    detail = wb.create_sheet(str(_("Details"))[:31])
    detail.append(
        [
            str(_("Teacher")),
            str(_("Discipline")),
            str(_("Group")),
            str(_("Class kind")),
            str(_("Basis")),
            str(_("Load, h")),
        ]
    )
    for load in loads:
        for row in load.rows:
            a = row.assignment
            detail.append(
                [
                    a.teacher.full_name,
                    a.discipline.name,
                    a.group.name if a.group else "",
                    str(a.get_class_kind_display()),
                    row.basis,
                    row.load,
                ]
            )
    for sheet in (ws, detail):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 36
    buffer = io.BytesIO()
    wb.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_MIME)
    name = f"load-{department.code}-{semester.pk if semester else 'all'}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _teacher(request: HttpRequest, pk: int) -> User:
    return get_object_or_404(perms.teachers_visible_to(request.user), pk=pk)


@login_required
def teacher_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A teacher's load by semester, DOT certificates and training (п. 3.3, 5.4.4)."""
    teacher = _teacher(request, pk)
    semester = _semester_param(request)
    assignments = TeachingAssignment.objects.filter(teacher=teacher)
    if semester is not None:
        assignments = assignments.filter(semester=semester)
    if not perms.is_university_reader(request.user) and teacher.pk != request.user.pk:
        assignments = assignments.filter(perms.my_departments_assignments_q(request.user))
    loads = people_selectors.workload_by_teacher(assignments)
    status = people_selectors.certificate_statuses([teacher])[0]
    return render(
        request,
        "academics/people/teacher_detail.html",
        {
            "teacher": teacher,
            "semester": semester,
            "semesters": Semester.objects.select_related("academic_year").order_by("-start"),
            "load": loads[0] if loads else None,
            "status": status,
            "certificates": DotCertificate.objects.filter(teacher=teacher).order_by("-issued_on"),
            "trainings": TrainingRecord.objects.filter(teacher=teacher).order_by("-start"),
            "can_keep": perms.can_keep_certificates(request.user, teacher),
            "today": timezone.localdate(),
        },
    )


@login_required
def my_workload(request: HttpRequest) -> HttpResponse:
    if not perms.can_view_my_load(request.user):
        raise Http404
    url = reverse("academics:teacher_detail", args=[request.user.pk])
    if request.GET.get("semester"):
        url += f"?semester={request.GET['semester']}"
    return redirect(url)


# --- DOT certificates (п. 3.3) -----------------------------------------------------------------


@login_required
def department_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    """Who of the department lacks a valid DOT certificate, whose expires within 60 days."""
    department = _department(request, pk)
    today = timezone.localdate()
    statuses = people_selectors.certificate_statuses(
        people_selectors.department_teachers(department), today
    )
    order = {"missing": 0, "expiring": 1, "valid": 2}
    statuses.sort(key=lambda s: (order[s.state], s.teacher.last_name, s.teacher.first_name))
    return render(
        request,
        "academics/people/department_certificates.html",
        {
            "department": department,
            "statuses": statuses,
            "missing": sum(s.state == "missing" for s in statuses),
            "expiring": sum(s.state == "expiring" for s in statuses),
            "days": people_selectors.EXPIRY_WARNING_DAYS,
            "today": today,
            "tab": "certificates",
        },
    )


def _keepable_teacher(request: HttpRequest, pk: int) -> User:
    teacher = _teacher(request, pk)
    if not perms.can_keep_certificates(request.user, teacher):
        raise Http404
    return teacher


@login_required
@require_http_methods(["GET", "POST"])
def certificate_create(request: HttpRequest, pk: int) -> HttpResponse:
    teacher = _keepable_teacher(request, pk)
    form = CertificateForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            people_services.certificate_create(
                actor=request.user, teacher=teacher, **form.cleaned_data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The certificate is recorded."))
            return redirect("academics:teacher_detail", pk=teacher.pk)
    return render(
        request,
        "academics/people/certificate_form.html",
        {"form": form, "teacher": teacher, "certificate": None},
    )


def _keepable_certificate(request: HttpRequest, pk: int) -> DotCertificate:
    certificate = get_object_or_404(
        perms.certificates_visible_to(request.user).select_related("teacher"), pk=pk
    )
    if not perms.can_keep_certificates(request.user, certificate.teacher):
        raise Http404
    return certificate


@login_required
@require_http_methods(["GET", "POST"])
def certificate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _keepable_certificate(request, pk)
    form = CertificateForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "kind": certificate.kind,
            "issuer": certificate.issuer,
            "number": certificate.number,
            "issued_on": certificate.issued_on,
            "valid_until": certificate.valid_until,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            people_services.certificate_update(
                certificate=certificate, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The certificate is saved."))
            return redirect("academics:teacher_detail", pk=certificate.teacher_id)
    return render(
        request,
        "academics/people/certificate_form.html",
        {"form": form, "teacher": certificate.teacher, "certificate": certificate},
    )


@login_required
@require_POST
def certificate_delete(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = _keepable_certificate(request, pk)
    teacher_pk = certificate.teacher_id
    people_services.certificate_delete(certificate=certificate, actor=request.user)
    messages.success(request, _("The certificate is deleted."))
    return redirect("academics:teacher_detail", pk=teacher_pk)


@login_required
def certificate_scan(request: HttpRequest, pk: int) -> FileResponse:
    """The scanned copy, only to those who may see the certificate (never a public URL)."""
    certificate = get_object_or_404(perms.certificates_visible_to(request.user), pk=pk)
    if not certificate.scan:
        raise Http404
    name = (certificate.scan.name or "scan").rsplit("/", 1)[-1]
    return FileResponse(certificate.scan.open("rb"), as_attachment=False, filename=name)


@login_required
@require_http_methods(["GET", "POST"])
def training_create(request: HttpRequest, pk: int) -> HttpResponse:
    teacher = _keepable_teacher(request, pk)
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            people_services.training_create(
                actor=request.user, teacher=teacher, **form.cleaned_data
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The training is recorded."))
            return redirect("academics:teacher_detail", pk=teacher.pk)
    return render(
        request, "academics/people/training_form.html", {"form": form, "teacher": teacher}
    )


@login_required
@require_POST
def training_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(
        perms.trainings_visible_to(request.user).select_related("teacher"), pk=pk
    )
    if not perms.can_keep_certificates(request.user, record.teacher):
        raise Http404
    people_services.training_delete(record=record, actor=request.user)
    messages.success(request, _("The training record is deleted."))
    return redirect("academics:teacher_detail", pk=record.teacher_id)
