from django.urls import path

from . import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("new/", views.compose, name="compose"),
    path("<int:pk>/", views.conversation, name="conversation"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("messages/<int:pk>/report/", views.report, name="report"),
    path("reports/", views.report_queue, name="reports"),
    path("reports/<int:pk>/resolve/", views.report_resolve, name="report_resolve"),
    path("blocked/", views.blocked, name="blocked"),
    path("block/<int:user_id>/", views.block, name="block"),
    path("unblock/<int:user_id>/", views.unblock, name="unblock"),
    path("questions/", views.unanswered, name="unanswered"),
    path("announcements/", views.announcement_list, name="announcements"),
    path("announcements/new/", views.announcement_new, name="announcement_new"),
    path("announcements/count/", views.announcement_count, name="announcement_count"),
    path("announcements/<int:pk>/", views.announcement_detail, name="announcement"),
]
