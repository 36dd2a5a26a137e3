from django.urls import path

from . import audit_views, views
from .approvals import views as approval_views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", audit_views.audit_list, name="audit_list"),
    path("header-panels/", views.header_panels, name="header_panels"),
    path("approvals/", approval_views.approval_queue_view, name="approval_queue"),
    path(
        "approvals/<slug:route>/<str:pk>/",
        approval_views.approval_decide_view,
        name="approval_decide",
    ),
    path(
        "approvals/<slug:route>/<str:pk>/submit/",
        approval_views.approval_submit_view,
        name="approval_submit",
    ),
]
