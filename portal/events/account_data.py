"""What events tells accounts, which may not import it (design.md: imports point one way): what
taking part means when a guardian is asked to consent, and a person's part of "My data"."""

from django.dispatch import receiver
from django.utils import timezone

from portal.accounts.signals import describing_participation

from .models import ActivityKind, EventStatus, Programme


@receiver(describing_participation, dispatch_uid="events.describe_participation")
def describe_participation(sender, **kwargs):
    running = Programme.objects.filter(
        events__status=EventStatus.PUBLISHED, events__ends_at__gte=timezone.now()
    ).distinct().order_by("name")
    return {
        "programmes": [programme.display_name for programme in running],
        "activity_kinds": list(ActivityKind.choices),
    }
