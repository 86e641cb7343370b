"""Whom the desk calls about a person: for a minor the guardian whose consent is in force, for an
adult the emergency contact they gave. The admin's volunteer page, the sign-up listing and the
exports all say it the same way."""

from django.db.models import Prefetch, Q

from portal.thai.phones import display_phone

from .models import GuardianConsent


def consents_in_force():
    return GuardianConsent.objects.filter(consented_at__isnull=False, withdrawn_at__isnull=True).order_by(
        "requested_at", "pk"
    )


def prefetch_guardians(profile_path):
    """For a listing: each profile's consents in force as `guardians_in_force`, in one query."""
    return Prefetch(f"{profile_path}guardian_consents", queryset=consents_in_force(), to_attr="guardians_in_force")


def guardians_of(user_ids=(), condition=None):
    """{user id: (name, relation, phone)} of the guardians whose consent is in force (the latest wins), for
    `user_ids` or for the profiles a `condition` picks (the exports pass a chunk's ids as one array)."""
    found = {}
    consents = (
        consents_in_force()
        .filter(condition or Q(profile__user_id__in=user_ids))
        .values_list("profile__user_id", "guardian_name", "relation", "guardian_phone")
    )
    for user_id, name, relation, phone in consents:
        found[user_id] = (name, relation, phone)
    return found


def guardian_of(profile):
    """(name, relation, phone) of the guardian in force, or None; uses `guardians_in_force` when prefetched."""
    consents = getattr(profile, "guardians_in_force", None)
    if consents is None:
        consents = list(consents_in_force().filter(profile=profile))
    latest = consents[-1] if consents else None
    return (latest.guardian_name, latest.relation, latest.guardian_phone) if latest else None


def emergency_contact_of(profile):
    return (profile.emergency_contact_name, profile.emergency_contact_relation, profile.emergency_contact_phone)


def contact_text(name, relation, phone):
    if not name:
        return ""
    text = f"{name} ({relation})" if relation else name
    return f"{text} {display_phone(phone)}" if phone else text


def contact_of(profile):
    """The guardian in force, or else the emergency contact, as one line of text."""
    return contact_text(*(guardian_of(profile) or emergency_contact_of(profile)))
