"""URLs of the welfare workstream, under /n/<network_slug>/welfare/."""

from django.urls import path

from welfare import views

app_name = "welfare"

urlpatterns = [
    path("", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:programme_id>/", views.programme_board, name="programme_board"),
    path("programmes/<int:programme_id>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:programme_id>/board.xlsx", views.board_xlsx, name="board_xlsx"),
    path(
        "programmes/<int:programme_id>/allocations/",
        views.allocations_equal,
        name="allocations_equal",
    ),
    path(
        "programmes/<int:programme_id>/villages/<int:village_number>/",
        views.board_village,
        name="board_village",
    ),
    path(
        "programmes/<int:programme_id>/villages/<int:village_number>/allocation/",
        views.allocation_set,
        name="allocation_set",
    ),
    path(
        "programmes/<int:programme_id>/applications/new/",
        views.application_create,
        name="application_create",
    ),
    path("applications/<int:application_id>/", views.application_detail, name="application_detail"),
    path(
        "applications/<int:application_id>/edit/", views.application_edit, name="application_edit"
    ),
    path(
        "applications/<int:application_id>/step/", views.application_step, name="application_step"
    ),
    path(
        "applications/<int:application_id>/review/",
        views.application_review,
        name="application_review",
    ),
    path(
        "applications/<int:application_id>/decision/",
        views.application_decide,
        name="application_decide",
    ),
    path(
        "applications/<int:application_id>/payments/",
        views.application_disburse,
        name="application_disburse",
    ),
    path(
        "applications/<int:application_id>/reporting/",
        views.application_reporting,
        name="application_reporting",
    ),
    path(
        "applications/<int:application_id>/follow-up/",
        views.application_follow_up,
        name="application_follow_up",
    ),
    path(
        "applications/<int:application_id>/documents/",
        views.attachment_upload,
        name="attachment_upload",
    ),
    path(
        "applications/<int:application_id>/documents/<int:attachment_id>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("applications/<int:application_id>/letter.pdf", views.grant_letter, name="grant_letter"),
    path(
        "applications/<int:application_id>/payments/<int:disbursement_id>/receipt.pdf",
        views.receipt,
        name="receipt",
    ),
    path("capacity/new/", views.capacity_create, name="capacity_create"),
    path("capacity/<int:project_id>/", views.capacity_detail, name="capacity_detail"),
]
