"""URLs of the network core, all under /n/<network_slug>/."""

from django.urls import path

from network.views import community as views
from network.views import meetings

app_name = "network"

urlpatterns = [
    path("", views.home, name="home"),
    path("villages/", views.village_list, name="village_list"),
    path("villages/new/", views.village_create, name="village_create"),
    path("villages/<int:village_number>/", views.village_detail, name="village_detail"),
    path("villages/<int:village_number>/edit/", views.village_edit, name="village_edit"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:person_id>/", views.person_detail, name="person_detail"),
    path("people/<int:person_id>/edit/", views.person_edit, name="person_edit"),
    path("partners/", views.partner_list, name="partner_list"),
    path("partners/new/", views.partner_create, name="partner_create"),
    path("partners/<int:partner_id>/", views.partner_detail, name="partner_detail"),
    path("partners/<int:partner_id>/edit/", views.partner_edit, name="partner_edit"),
    path("partners/<int:partner_id>/vet/", views.partner_vet, name="partner_vet"),
    path("meetings/", meetings.meeting_list, name="meeting_list"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("meetings/<int:meeting_id>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:meeting_id>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:meeting_id>/minutes.pdf", meetings.meeting_pdf, name="meeting_pdf"),
    path("meetings/<int:meeting_id>/status/", meetings.meeting_status, name="meeting_status"),
    path("meetings/<int:meeting_id>/items/", meetings.item_create, name="item_create"),
    path(
        "meetings/<int:meeting_id>/items/<int:item_id>/text/",
        meetings.item_text,
        name="item_text",
    ),
    path(
        "meetings/<int:meeting_id>/items/<int:item_id>/adopt/",
        meetings.item_adopt,
        name="item_adopt",
    ),
    path(
        "meetings/<int:meeting_id>/items/<int:item_id>/resolutions/",
        meetings.resolution_create,
        name="resolution_create",
    ),
    path(
        "meetings/<int:meeting_id>/items/<int:item_id>/resolutions/<int:resolution_id>/text/",
        meetings.resolution_text,
        name="resolution_text",
    ),
    path(
        "meetings/<int:meeting_id>/items/<int:item_id>/resolutions/<int:resolution_id>/delete/",
        meetings.resolution_delete,
        name="resolution_delete",
    ),
    path(
        "meetings/<int:meeting_id>/items/<int:item_id>/actions/<int:action_id>/",
        meetings.action_update,
        name="action_update",
    ),
    path(
        "meetings/<int:meeting_id>/items/<int:item_id>/actions/<int:action_id>/delete/",
        meetings.action_delete,
        name="action_delete",
    ),
    path(
        "meetings/<int:meeting_id>/items/<int:item_id>/actions/",
        meetings.action_create,
        name="action_create",
    ),
    path(
        "meetings/<int:meeting_id>/items/<int:item_id>/actions/<int:action_id>/status/",
        meetings.action_status,
        name="action_status",
    ),
    path(
        "meetings/<int:meeting_id>/items/<int:item_id>/amendments/",
        meetings.amendment_create,
        name="amendment_create",
    ),
    path(
        "meetings/<int:meeting_id>/attendance/",
        meetings.attendance_add,
        name="attendance_add",
    ),
    path(
        "meetings/<int:meeting_id>/attendance/<int:attendance_id>/",
        meetings.attendance_mark,
        name="attendance_mark",
    ),
]
