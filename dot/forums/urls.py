from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "forums"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("questions/", views.questions, name="questions"),
    path("new/", views.org_forum_new, name="org_forum_new"),
    path("course/<int:pk>/", views.course_forums, name="course"),
    path("course/<int:pk>/search/", views.course_search, name="course_search"),
    path("course/<int:pk>/new/", views.course_forum_new, name="course_forum_new"),
    path("<int:pk>/", views.forum_detail, name="forum"),
    path("<int:pk>/new/", views.thread_new, name="thread_new"),
    path("<int:pk>/subscribe/", views.forum_subscribe, name="forum_subscribe"),
    path("threads/<int:pk>/", views.thread_detail, name="thread"),
    path("threads/<int:pk>/reply/", views.thread_reply, name="thread_reply"),
    path("threads/<int:pk>/moderate/", views.thread_moderate, name="thread_moderate"),
    path("threads/<int:pk>/subscribe/", views.thread_subscribe, name="thread_subscribe"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/hide/", views.post_hide, name="post_hide"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
]
