"""The site's URLs and two that fail on purpose, for the error pages' browser
test (used as ROOT_URLCONF there only)."""

from django.db import OperationalError
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def fails(request):
    raise RuntimeError("a failure the browser test asked for")


def database_away(request):
    raise OperationalError("the database cannot be reached (a browser test)")


handler500 = "config.views.server_error"
urlpatterns = [
    path("test-errors/500/", fails),
    path("test-errors/503/", database_away),
    *site_urlpatterns,
]
