from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "chat"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("consultation/", views.consultation, name="consultation"),
    path("<int:pk>/", views.room, name="room"),
    path("<int:pk>/post/", views.post, name="post"),
    path("<int:pk>/mute/", views.mute, name="mute"),
    path("message/<int:pk>/delete/", views.delete, name="delete"),
]
