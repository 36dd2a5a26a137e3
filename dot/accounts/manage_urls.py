"""The IT office's user-management screens, mounted at /manage/users/."""

from django.urls import path

from . import manage_views as views

app_name = "manage_users"

urlpatterns = [
    path("", views.user_list, name="list"),
    path("new/", views.user_create, name="create"),
    path("import/", views.user_import, name="import"),
    path("import/confirm/", views.user_import_confirm, name="import_confirm"),
    path("import/template.<str:fmt>", views.import_template, name="import_template"),
    path("<int:pk>/", views.user_detail, name="detail"),
    path("<int:pk>/edit/", views.user_edit, name="edit"),
    path("<int:pk>/deactivate/", views.user_deactivate, name="deactivate"),
    path("<int:pk>/reactivate/", views.user_reactivate, name="reactivate"),
    path("<int:pk>/send-link/", views.user_send_link, name="send_link"),
    path("<int:pk>/roles/new/", views.role_assign, name="role_assign"),
    path("<int:pk>/roles/<int:assignment_pk>/revoke/", views.role_revoke, name="role_revoke"),
]
