from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "plans"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.home, name="home"),
    path("deadlines/", views.deadlines, name="deadlines"),
    path("teaching/", views.teaching, name="teaching"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/new/", views.application_new, name="application_new"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/submit/", views.application_submit, name="application_submit"),
    path("applications/<int:pk>/decide/", views.application_decide, name="application_decide"),
    path("applications/<int:pk>/reason/", views.application_reason, name="application_reason"),
    path(
        "applications/<int:pk>/documents/",
        views.application_documents,
        name="application_documents",
    ),
    path(
        "applications/<int:pk>/documents/<int:doc>/",
        views.application_document,
        name="application_document",
    ),
    path("applications/<int:pk>/plan/", views.plan_create, name="plan_create"),
    path("list/", views.plan_list, name="plan_list"),
    path("<int:pk>/", views.plan_detail, name="plan_detail"),
    path("<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("<int:pk>/decide/", views.plan_decide, name="plan_decide"),
    path("<int:pk>/schedule/", views.plan_schedule, name="plan_schedule"),
    path("<int:pk>/amend/", views.plan_amend, name="plan_amend"),
    path("<int:pk>/archive/", views.plan_archive, name="plan_archive"),
    path("<int:pk>/appendix1.pdf", views.plan_pdf, name="plan_pdf"),
    path("<int:pk>/appendix1.docx", views.plan_docx, name="plan_docx"),
    path("<int:pk>/rows/<int:row_pk>/hours/", views.row_hours, name="row_hours"),
    path("<int:pk>/rows/<int:row_pk>/result/", views.row_result, name="row_result"),
    path("<int:pk>/rows/<int:row_pk>/edit/", views.row_edit, name="row_edit"),
    path("<int:pk>/rows/<int:row_pk>/permit/", views.row_permit, name="row_permit"),
    path("orders/", views.order_list, name="order_list"),
    path("orders/new/", views.order_new, name="order_new"),
    path("orders/<int:pk>/", views.order_detail, name="order_detail"),
    path("orders/<int:pk>/edit/", views.order_edit, name="order_edit"),
    path("orders/<int:pk>/items/", views.order_item_add, name="order_item_add"),
    path(
        "orders/<int:pk>/items/<int:item>/remove/",
        views.order_item_remove,
        name="order_item_remove",
    ),
    path("orders/<int:pk>/submit/", views.order_submit, name="order_submit"),
    path("orders/<int:pk>/decide/", views.order_decide, name="order_decide"),
]
