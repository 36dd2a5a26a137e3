"""Routes of the programme and calendar screens of the academic office."""

from django.urls import path

from . import setup_views as views

urlpatterns = [
    path("programmes/new/", views.programme_edit, name="programme_create"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("directions/new/", views.direction_edit, name="direction_create"),
    path("directions/<int:pk>/edit/", views.direction_edit, name="direction_edit"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/years/new/", views.year_edit, name="year_create"),
    path("calendar/years/<int:pk>/", views.year_edit, name="year_edit"),
    path(
        "calendar/years/<int:year_pk>/semesters/new/", views.semester_edit, name="semester_create"
    ),
    path(
        "calendar/years/<int:year_pk>/semesters/<int:pk>/",
        views.semester_edit,
        name="semester_edit",
    ),
    path(
        "calendar/semesters/<int:semester_pk>/sessions/new/",
        views.session_edit,
        name="session_create",
    ),
    path(
        "calendar/semesters/<int:semester_pk>/sessions/<int:pk>/",
        views.session_edit,
        name="session_edit",
    ),
]
