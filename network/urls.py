"""URLs of the network core, all under /n/<network_slug>/."""

from django.urls import path

from network import views

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
]
