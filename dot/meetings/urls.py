from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.lesson_list, name="index"),
    path("new/", views.lesson_create, name="create"),
    path("<int:pk>/", views.lesson_detail, name="detail"),
    path("<int:pk>/join/", views.lesson_join, name="join"),
    path("<int:pk>/action/", views.lesson_action, name="action"),
]
