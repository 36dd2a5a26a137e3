"""REST API routes of all apps (DRF); each app contributes a router in its ``api.py``."""

from django.urls import include, path

urlpatterns = [
    path("accounts/", include("dot.accounts.api_urls")),
    path("academics/", include("dot.academics.api_urls")),
    path("content/", include("dot.content.api_urls")),
    path("org/", include("dot.org.api_urls")),
]
