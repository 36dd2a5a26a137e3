"""REST API routes of all apps (DRF); each app contributes a router in its ``api.py``."""

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("dot.accounts.api_urls")),
    path("academics/", include("dot.academics.api_urls")),
    path("content/", include("dot.content.api_urls")),
    path("org/", include("dot.org.api_urls")),
    path("plans/", include("dot.plans.api_urls")),
    path("questions/", include("dot.questions.api_urls")),
    path("assessments/", include("dot.assessments.api_urls")),
    path("forums/", include("dot.forums.api_urls")),
    path("messaging/", include("dot.messaging.api_urls")),
    path("chat/", include("dot.chat.api_urls")),
    path("meetings/", include("dot.meetings.api_urls")),
    path("calendar/", include("dot.schedule.api_urls")),
]
