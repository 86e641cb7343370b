"""Account operations: consent, guardian consent, data export and erasure. Views, the admin and
tasks call these; none of them changes consent or erases a person by hand."""

import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from portal.notifications.ledger import forget_recipient

from .models import ConsentPurpose, ConsentRecord, PrivacyNotice, Profile
from .signals import erasing_person

OPTIONAL_PURPOSES = (ConsentPurpose.LINE_REMINDERS, ConsentPurpose.PHOTOS)


def profile_of(user):
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


def current_consents(user):
    """{purpose: (granted, notice version)} from the newest record of each purpose."""
    consents = {}
    for record in ConsentRecord.objects.filter(user=user).select_related("notice"):
        consents[record.purpose] = (record.granted, record.notice.version)
    return consents


def needs_consent(user):
    """True when the person has not agreed to take part under the notice in force."""
    notice = PrivacyNotice.current()
    if notice is None:
        return False
    granted, version = current_consents(user).get(ConsentPurpose.PARTICIPATION, (False, None))
    return not (granted and version == notice.version)


@transaction.atomic
def record_consent(user, choices, guardian_consent=None):
    """Log a yes or no for each purpose in `choices` under the notice in force. A person's repeated
    answer is not logged twice; a guardian's consent always is, as it is a different person's word."""
    notice = PrivacyNotice.current()
    existing = current_consents(user)
    now = timezone.now()
    for purpose, granted in choices.items():
        if guardian_consent is None and existing.get(purpose) == (granted, notice.version):
            continue
        ConsentRecord.objects.create(
            user=user, purpose=purpose, granted=granted, notice=notice, recorded_at=now,
            given_by_guardian=guardian_consent,
        )


def export_personal_data(user):
    """Everything the portal holds about a person, as plain data (the "My data" download)."""
    profile = profile_of(user)
    profile_data = {
        field.name: getattr(profile, field.attname)
        for field in Profile._meta.concrete_fields
        if field.name not in {"id", "user", "erased_at"}
    }
    profile_data["address"] = profile.address_display
    return {
        "exported_at": timezone.now(),
        "account": {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": list(EmailAddress.objects.filter(user=user).values("email", "verified", "primary")),
        "linked_accounts": list(SocialAccount.objects.filter(user=user).values("provider", "uid", "date_joined")),
        "profile": profile_data,
        "consents": [
            {
                "purpose": record.purpose,
                "granted": record.granted,
                "notice_version": record.notice.version,
                "recorded_at": record.recorded_at,
                "by_guardian": record.given_by_guardian_id is not None,
            }
            for record in ConsentRecord.objects.filter(user=user).select_related("notice")
        ],
        "guardian_consents": list(
            profile.guardian_consents.values(
                "guardian_name", "relation", "guardian_phone", "guardian_email", "requested_at", "consented_at",
                "withdrawn_at",
            )
        ),
    }


@transaction.atomic
def erase_account(user):
    """Anonymise a person: every personal field goes, the account can no longer log in, and what
    they took part in stays only as counts (the volunteer group is kept for programme reports)."""
    erasing_person.send(sender=type(user), user=user)
    profile = profile_of(user)
    keep = {"volunteer_group": profile.volunteer_group}
    for field in Profile._meta.concrete_fields:
        if field.name in {"id", "user", "created_at", "volunteer_group"} or field.primary_key:
            continue
        setattr(profile, field.attname, field.get_default())
    profile.__dict__.update(keep)
    profile.erased_at = timezone.now()
    profile.save()
    profile.guardian_consents.all().delete()
    ConsentRecord.objects.filter(user=user).delete()
    forget_recipient(user)
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    user.username = f"erased-{secrets.token_hex(8)}"
    user.email = ""
    user.first_name = user.last_name = ""
    user.is_active = False
    # A new password hash ends every session of the account, on every device.
    user.set_unusable_password()
    user.save()


def remove_unverified_accounts(now=None):
    """Deletes the accounts that never confirmed an e-mail address within the retention period
    (ACCOUNT_UNVERIFIED_RETENTION_DAYS). Such an account could not register for anything, so only
    accounts with no sign-ups, no LINE link and no staff role go; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.ACCOUNT_UNVERIFIED_RETENTION_DAYS)
    User = get_user_model()
    stale = (
        User.objects.filter(date_joined__lt=cutoff, is_staff=False, is_superuser=False)
        .filter(groups__isnull=True, signups__isnull=True, socialaccount__isnull=True)
        .exclude(emailaddress__verified=True)
    )
    deleted = 0
    for user in User.objects.filter(pk__in=stale.values("pk")).iterator():
        user.delete()
        deleted += 1
    return deleted


def registration_blockers(user):
    """Why this person cannot register for events yet, as translated sentences; empty when they can.
    The events app asks this before every sign-up."""
    from django.utils.translation import gettext as _

    if not user.is_authenticated:
        return [_("Log in to register.")]
    blockers = []
    if not EmailAddress.objects.filter(user=user, verified=True).exists():
        blockers.append(_("Confirm your e-mail address first: open the link we sent you."))
    profile = profile_of(user)
    if not profile.is_complete:
        blockers.append(_("Complete your profile first."))
    if needs_consent(user):
        blockers.append(_("Agree to the privacy notice first."))
    if profile.is_minor and profile.guardian_consent is None:
        blockers.append(_("You are under 20: your guardian must give consent first."))
    return blockers
