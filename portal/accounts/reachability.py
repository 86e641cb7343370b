"""How a person wants to be reached: the directory portal.notifications asks (notifications/recipients.py),
registered in AccountsConfig.ready()."""

from .models import ConsentPurpose, ConsentRecord, Profile


def _profiles(users):
    return {profile.user_id: profile for profile in Profile.objects.filter(user__in=[user.pk for user in users])}


def wants_optional_email(users):
    profiles = _profiles(users)
    return {user.pk for user in users if user.pk not in profiles or profiles[user.pk].notify_by_email}


def wants_line(users):
    """LINE is opt-in: the person said yes to "reminders and news by LINE" and has not switched it off."""
    profiles = _profiles(users)
    consent = {}
    records = ConsentRecord.objects.filter(
        user__in=[user.pk for user in users], purpose=ConsentPurpose.LINE_REMINDERS
    ).order_by("recorded_at", "pk")
    for user_id, granted in records.values_list("user_id", "granted"):
        consent[user_id] = granted
    return {
        user.pk
        for user in users
        if consent.get(user.pk) and (user.pk not in profiles or profiles[user.pk].notify_by_line)
    }
