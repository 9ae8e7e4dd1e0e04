"""The app's URLs plus one view that fails, to see the 500 page as a user would."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


def fail(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in a view")


urlpatterns = [*app_urlpatterns, path("test-fail/", fail)]
