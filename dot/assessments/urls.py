from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.test_create, name="test_create"),
    path("<int:pk>/", views.test_detail, name="test"),
    path("<int:pk>/edit/", views.test_edit, name="test_edit"),
    path("<int:pk>/questions/", views.items, name="items"),
    path("<int:pk>/accommodations/", views.accommodations, name="accommodations"),
    path("<int:pk>/start/", views.start, name="start"),
    path("<int:pk>/monitor/", views.monitor, name="monitor"),
    path("<int:pk>/monitor/<int:attempt_id>/extend/", views.extend, name="extend"),
    path("<int:pk>/monitor/<int:attempt_id>/close/", views.close_attempt, name="close_attempt"),
    path("attempts/<int:pk>/", views.attempt_page, name="attempt"),
    path("attempts/<int:pk>/summary/", views.summary, name="summary"),
    path("attempts/<int:pk>/files/<int:slot>/", views.answer_file, name="answer_file"),
    path("attempts/<int:pk>/submit/", views.submit, name="submit"),
    path("attempts/<int:pk>/result/", views.result, name="result"),
]
