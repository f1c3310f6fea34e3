"""The project's URLs plus /bench/hello/: a view that does nothing, the
baseline each page's throughput is compared with (it still passes through every
middleware, as a page does)."""

from django.http import HttpResponse
from django.urls import path

from config.urls import handler500
from config.urls import urlpatterns as project_urlpatterns


def hello(request):
    return HttpResponse("hello")


urlpatterns = [path("bench/hello/", hello), *project_urlpatterns]

__all__ = ["handler500", "urlpatterns"]
