from django.urls import path

from . import views

app_name = "content"

urlpatterns = [
    path("", views.index, name="index"),
    path("courses/<int:pk>/", views.course_detail, name="course"),
    path("courses/<int:pk>/case.zip", views.course_case, name="course_case"),
    path("materials/<int:pk>/", views.resource_detail, name="resource"),
    path("materials/<int:pk>/file/", views.resource_file, name="resource_file"),
    path("materials/<int:pk>/mark/", views.resource_mark, name="resource_mark"),
    path("materials/<int:pk>/edit/", views.resource_edit, name="resource_edit"),
    path("materials/<int:pk>/action/", views.resource_action, name="resource_action"),
    path("umk/", views.umk_list, name="umk_list"),
    path("umk/new/", views.umk_create, name="umk_create"),
    path("umk/<int:pk>/", views.umk_detail, name="umk"),
    path("umk/<int:pk>/reviewer/", views.umk_reviewer, name="umk_reviewer"),
    path("umk/<int:pk>/new-version/", views.version_start, name="version_start"),
    path("versions/<int:pk>/", views.version_detail, name="version"),
    path("versions/<int:pk>/upload/", views.version_upload, name="version_upload"),
    path("versions/<int:pk>/add/", views.version_add, name="version_add"),
    path("versions/<int:pk>/submit/", views.version_submit, name="version_submit"),
    path("versions/<int:pk>/publish/", views.version_publish, name="version_publish"),
    path("versions/<int:pk>/review/", views.version_review, name="review"),
    path("review/", views.review_queue, name="review_queue"),
    path("requirements/", views.requirements, name="requirements"),
    path("status/", views.status_report, name="status"),
]
