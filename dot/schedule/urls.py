from django.urls import path

from . import views

app_name = "schedule"

urlpatterns = [
    path("", views.index, name="index"),
    path("feed/", views.feed_action, name="feed_action"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("events/<str:uid>.ics", views.event_ics, name="event_ics"),
]
