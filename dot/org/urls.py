from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("units/", views.unit_tree, name="tree"),
    path("units/new/", views.unit_create, name="create"),
    path("units/<int:pk>/", views.unit_detail, name="detail"),
    path("units/<int:pk>/edit/", views.unit_edit, name="edit"),
    path("units/<int:pk>/deactivate/", views.unit_deactivate, name="deactivate"),
    path("units/<int:pk>/reactivate/", views.unit_reactivate, name="reactivate"),
]
