"""Who may see and change what: admins everything; a coordinator the programmes they coordinate,
with their events, the sign-ups to those and the volunteers who made them; nobody else any.
The portal's views, the admin viewsets, the exports and check-in all ask here."""

from portal.accounts.models import Profile

from .models import Event, Programme, Signup

COORDINATORS_GROUP = "Coordinators"


def is_coordinator(user):
    return user.groups.filter(name=COORDINATORS_GROUP).exists()


def coordinates_any(user):
    """Admins and coordinators: those who get the coordinators' screens, each limited below."""
    return user.is_authenticated and (user.is_superuser or is_coordinator(user))


def can_coordinate(user, event):
    """Admins, and coordinators of the event's programme."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return is_coordinator(user) and event.programme.coordinators.filter(pk=user.pk).exists()


def programmes_visible_to(user):
    if user.is_superuser:
        return Programme.objects.all()
    if is_coordinator(user):
        return Programme.objects.filter(coordinators=user)
    return Programme.objects.none()


def events_visible_to(user):
    if not user.is_authenticated:
        return Event.objects.none()
    if user.is_superuser:
        return Event.objects.all()
    if is_coordinator(user):
        return Event.objects.filter(programme__coordinators=user)
    return Event.objects.none()


def signups_visible_to(user):
    """Admins see every sign-up; coordinators those of the programmes they coordinate; nobody else any."""
    if not user.is_authenticated:
        return Signup.objects.none()
    if user.is_superuser:
        return Signup.objects.all()
    if is_coordinator(user):
        return Signup.objects.filter(event__programme__coordinators=user)
    return Signup.objects.none()


def volunteers_visible_to(user):
    """Admins see every volunteer; a coordinator those who signed up for their programmes' events."""
    profiles = Profile.objects.filter(erased_at__isnull=True)
    if user.is_superuser:
        return profiles
    return profiles.filter(user__in=signups_visible_to(user).values("user"))
