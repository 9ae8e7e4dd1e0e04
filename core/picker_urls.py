"""URL of the picker's search, under /n/<network_slug>/ beside the network's own."""

from django.urls import path

from core import picker

app_name = "picker"

urlpatterns = [
    path("pick/<slug:source>/", picker.pick, name="search"),
]
