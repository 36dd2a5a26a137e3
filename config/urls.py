"""Root URLs: each app mounts its own ``urls.py``; the API lives under /api/."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
    path("accounts/", include("dot.accounts.urls")),
    path("org/", include("dot.org.urls")),
    path("academics/", include("dot.academics.urls")),
    path("content/", include("dot.content.urls")),
    path("manage/users/", include("dot.accounts.manage_urls")),
    path("notifications/", include("dot.communication.urls")),
    path("plans/", include("dot.plans.urls")),
    path("questions/", include("dot.questions.urls")),
    path("tests/", include("dot.assessments.urls")),
    path("tests/", include("dot.assessments.grading_urls")),
    path("forums/", include("dot.forums.urls")),
    path("messages/", include("dot.messaging.urls")),
    path("chat/", include("dot.chat.urls")),
    path("lessons/", include("dot.meetings.urls")),
    path("calendar/", include("dot.schedule.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/", include("config.api_urls")),
    path("info/", include("dot.public.urls")),
    path("", include("dot.core.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
