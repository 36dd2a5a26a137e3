from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "questions"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.bank_list, name="index"),
    path("banks/new/", views.bank_create, name="bank_create"),
    path("banks/<int:pk>/", views.bank_detail, name="bank"),
    path("banks/<int:pk>/categories/new/", views.category_create, name="category_create"),
    path("categories/<int:pk>/", views.category_edit, name="category_edit"),
    path("banks/<int:pk>/new/<str:qtype>/", views.question_create, name="question_create"),
    path("banks/<int:pk>/move/", views.questions_move, name="move"),
    path("banks/<int:pk>/import/", views.import_upload, name="import"),
    path("banks/<int:pk>/export/", views.export, name="export"),
    path("banks/<int:pk>/images/", views.image_upload, name="image_upload"),
    path("q/<int:pk>/", views.question_preview, name="preview"),
    path("q/<int:pk>/edit/", views.question_edit, name="edit"),
    path("q/<int:pk>/history/", views.question_history, name="history"),
    path("q/<int:pk>/hide/", views.question_hide, name="hide"),
    path("img/<uuid:uid>/<str:name>", views.image, name="image"),
]
