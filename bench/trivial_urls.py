"""The site's own URLs plus the ceilings the benchmarks compare against, for benchmarks only (see
bench/settings.py). They go through the same middleware and the same gunicorn workers as every page."""

from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_POST

from config.urls import urlpatterns as site_urlpatterns


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


@require_POST
def locked_insert(request, pk):
    """The least a sign-up can do (bench/signup_rush.py): lock the event's row, count, insert, redirect."""
    from portal.events.models import Event, Signup, SignupStatus

    now = timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().only("capacity").get(pk=pk)
        full = Signup.objects.filter(event_id=pk, status=SignupStatus.CONFIRMED).count() >= event.capacity
        Signup.objects.bulk_create(
            [
                Signup(
                    event_id=pk,
                    user_id=request.user.pk,
                    created_at=now,
                    status_changed_at=now,
                    status=SignupStatus.WAITLISTED if full else SignupStatus.CONFIRMED,
                    waitlisted_at=now if full else None,
                )
            ]
        )
    return HttpResponseRedirect("/")


urlpatterns = [
    path("bench/trivial/", trivial, name="bench_trivial"),
    path("bench/locked-insert/<int:pk>/", locked_insert, name="bench_locked_insert"),
    *site_urlpatterns,
]
