from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("dot/", views.public_info, name="public_info"),
    path("units/", views.public_units, name="public_units"),
    path("documents/", views.documents, name="documents"),
]
