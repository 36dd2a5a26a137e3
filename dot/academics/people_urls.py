"""Pages of groups, students, registration, assignments, load and DOT certificates.

Included from ``dot/academics/urls.py`` under ``people/`` in the ``academics`` namespace.
"""

from typing import Any

from django.urls import include, path

from . import people_views as v

_patterns = [
    path("groups/", v.group_list, name="group_list"),
    path("groups/new/", v.group_create, name="group_create"),
    path("groups/import/", v.people_import, name="people_import"),
    path("groups/import/template.xlsx", v.import_template, name="people_import_template"),
    path("groups/<int:pk>/", v.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", v.group_edit, name="group_edit"),
    path("groups/<int:pk>/register/", v.group_register, name="group_register"),
    path("students/", v.student_list, name="student_list"),
    path("students/new/", v.student_create, name="student_create"),
    path("students/<int:pk>/", v.student_detail, name="student_detail"),
    path("students/<int:pk>/edit/", v.student_edit, name="student_edit"),
    path("students/<int:pk>/status/", v.student_status, name="student_status"),
    path("my/disciplines/", v.my_disciplines, name="my_disciplines"),
    path("my/load/", v.my_workload, name="my_workload"),
    path("departments/", v.department_list, name="department_list"),
    path(
        "departments/<int:pk>/assignments/",
        v.department_assignments,
        name="department_assignments",
    ),
    path("departments/<int:pk>/assignments/new/", v.assignment_create, name="assignment_create"),
    path("assignments/<int:pk>/edit/", v.assignment_edit, name="assignment_edit"),
    path("assignments/<int:pk>/delete/", v.assignment_delete, name="assignment_delete"),
    path("departments/<int:pk>/load/", v.department_workload, name="department_workload"),
    path(
        "departments/<int:pk>/load.xlsx",
        v.department_workload_xlsx,
        name="department_workload_xlsx",
    ),
    path(
        "departments/<int:pk>/certificates/",
        v.department_certificates,
        name="department_certificates",
    ),
    path("teachers/<int:pk>/", v.teacher_detail, name="teacher_detail"),
    path("teachers/<int:pk>/certificates/new/", v.certificate_create, name="certificate_create"),
    path("certificates/<int:pk>/edit/", v.certificate_edit, name="certificate_edit"),
    path("certificates/<int:pk>/delete/", v.certificate_delete, name="certificate_delete"),
    path("certificates/<int:pk>/scan/", v.certificate_scan, name="certificate_scan"),
    path("teachers/<int:pk>/trainings/new/", v.training_create, name="training_create"),
    path("trainings/<int:pk>/delete/", v.training_delete, name="training_delete"),
]

urlpatterns: list[Any] = [path("people/", include(_patterns))]
