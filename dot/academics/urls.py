from django.urls import path

from . import views

app_name = "academics"

urlpatterns = [
    path("programmes/", views.programme_list, name="programme_list"),
    path("curricula/", views.curriculum_list, name="curriculum_list"),
    path("curricula/queue/", views.curriculum_queue, name="curriculum_queue"),
    path("curricula/new/", views.curriculum_create, name="curriculum_create"),
    path("curricula/template.xlsx", views.curriculum_template, name="curriculum_template"),
    path("curricula/<int:pk>/", views.curriculum_detail, name="curriculum_detail"),
    path("curricula/<int:pk>/copy/", views.curriculum_copy, name="curriculum_copy"),
    path("curricula/<int:pk>/delete/", views.curriculum_delete, name="curriculum_delete"),
    path("curricula/<int:pk>/export.xlsx", views.curriculum_export, name="curriculum_export"),
    path("curricula/<int:pk>/import/", views.curriculum_import, name="curriculum_import"),
    path("curricula/<int:pk>/lines/add/", views.line_add, name="line_add"),
    path("curricula/<int:pk>/lines/<int:line_pk>/", views.line_edit, name="line_edit"),
    path("curricula/<int:pk>/lines/<int:line_pk>/delete/", views.line_delete, name="line_delete"),
    path("disciplines/", views.discipline_list, name="discipline_list"),
    path("disciplines/new/", views.discipline_create, name="discipline_create"),
    path("disciplines/<int:pk>/", views.discipline_detail, name="discipline_detail"),
    path("modules/<int:pk>/delete/", views.module_delete, name="module_delete"),
    path("norms/", views.norm_list, name="norm_list"),
    path("norms/<int:pk>/", views.norm_edit, name="norm_edit"),
]

from .people_urls import urlpatterns as people_urlpatterns  # noqa: E402 - people side

urlpatterns += people_urlpatterns

from .setup_urls import urlpatterns as setup_urlpatterns  # noqa: E402 - programmes, calendar

urlpatterns += setup_urlpatterns
