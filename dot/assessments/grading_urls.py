"""Grading and results pages (mounted under /tests/ beside the app's own urls)."""

from django.urls import path

from . import grading_views as views

app_name = "grading"

urlpatterns = [
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results.xlsx", views.results_xlsx, name="results_xlsx"),
    path("<int:pk>/statistics/", views.item_statistics, name="statistics"),
    path("<int:pk>/grading/", views.queue, name="queue"),
    path("<int:pk>/grading/<int:answer_id>/", views.grade_answer, name="grade"),
    path("<int:pk>/regrade/", views.regrade, name="regrade"),
    path("course/<int:course_id>/results/", views.my_results, name="student_results"),
]
