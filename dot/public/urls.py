from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.info_index, name="info"),
    path("p/<slug:slug>/", views.info_page, name="page"),
    path("units/", views.units, name="units"),
    path("documents/", views.documents, name="documents"),
    path("documents/<int:pk>/file/", views.document_file, name="document_file"),
    path("manage/", views.manage, name="manage"),
    path("manage/documents/new/", views.document_create, name="document_create"),
    path("manage/documents/<int:pk>/", views.document_edit, name="document_edit"),
    path("manage/documents/<int:pk>/publish/", views.document_publish, name="document_publish"),
    path("manage/pages/new/", views.page_create, name="page_create"),
    path("manage/pages/<int:pk>/", views.page_edit, name="page_edit"),
]
