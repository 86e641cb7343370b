"""The site's own URLs plus one trivial view, for benchmarks only (see bench/settings.py).
The trivial view goes through the same middleware and the same gunicorn workers as every page."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial, name="bench_trivial"), *site_urlpatterns]
