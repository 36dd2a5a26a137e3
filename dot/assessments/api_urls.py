from django.urls import path

from . import api

urlpatterns = [
    path(
        "courses/<int:course_id>/tests/",
        api.CourseTestsView.as_view(),
        name="assessments-course-tests",
    ),
    path("tests/<int:pk>/", api.TestDetailView.as_view(), name="assessments-test-detail"),
    path(
        "tests/<int:pk>/attempts/", api.AttemptStartView.as_view(), name="assessments-attempt-start"
    ),
    path("attempts/<int:pk>/", api.AttemptView.as_view(), name="assessments-attempt-detail"),
    path(
        "attempts/<int:pk>/answers/", api.AnswerSaveView.as_view(), name="assessments-attempt-save"
    ),
    path(
        "attempts/<int:pk>/slots/<int:slot>/file/",
        api.AttachFileView.as_view(),
        name="assessments-attempt-file",
    ),
    path(
        "attempts/<int:pk>/heartbeat/",
        api.HeartbeatView.as_view(),
        name="assessments-attempt-heartbeat",
    ),
    path("attempts/<int:pk>/submit/", api.SubmitView.as_view(), name="assessments-attempt-submit"),
]
