"""Account operations: consent, guardian consent, data export and erasure. Views, the admin and
tasks call these; none of them changes consent or erases a person by hand."""

import secrets
from datetime import timedelta
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.utils import timezone

from portal.notifications.ledger import forget_recipient

from .models import ConsentPurpose, ConsentRecord, PaperRecord, PrivacyNotice, Profile
from .signals import erasing_person

OPTIONAL_PURPOSES = (ConsentPurpose.LINE_REMINDERS, ConsentPurpose.PHOTOS)


def profile_of(user):
    profile, _ = Profile.objects.get_or_create(user=user)
    profile.user = user  # the caller's object, with what it has already read (its paper record, say)
    return profile


def registrant_profile(user):
    """profile_of(user) for a sign-up, read with what registration_blockers asks beside it, in one query:
    whether the person has a verified e-mail address and whether they were registered on paper."""
    profile = next(iter(Profile.objects.raw(_PROFILE_WITH_EMAIL_AND_PAPER, [user.pk])), None)
    if profile is None:
        return profile_of(user)
    if not profile.on_paper:
        PaperRecord.user.field.remote_field.set_cached_value(user, None)  # hasattr(user, "paper_record"): False
    profile.user = user
    return profile


def current_consents(user):
    """{purpose: (granted, notice version)} from the newest record of each purpose."""
    consents = {}
    for record in ConsentRecord.objects.filter(user=user).select_related("notice"):
        consents[record.purpose] = (record.granted, record.notice.version)
    return consents


def allows_photos(user):
    """True when the person's photo may be shown in announcements: their newest answer for photos
    is yes and, for a minor, that yes is the word of the guardian whose consent is in force."""
    record = ConsentRecord.objects.filter(user=user, purpose=ConsentPurpose.PHOTOS).last()
    if record is None or not record.granted:
        return False
    profile = Profile.objects.filter(user=user).first()
    if profile is None or not profile.is_minor:
        return True
    guardian = profile.guardian_consent
    return guardian is not None and record.given_by_guardian_id == guardian.pk


def needs_consent(user):
    """True when the person has not agreed to take part under the notice in force. Kept on the user
    object, which lives for one request: the consent middleware and the sign-up ask it once."""
    if NEEDS_CONSENT not in user.__dict__:
        # One statement, written out: it runs before every portal page and every sign-up, and building
        # it through the ORM's subqueries cost more than running it.
        participation, now = ConsentPurpose.PARTICIPATION, connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_NOTICE_IN_FORCE_WITH_ANSWER, [participation, user.pk, participation, user.pk, now])
            in_force = cursor.fetchone()
        user.__dict__[NEEDS_CONSENT] = in_force is not None and not (in_force[1] and in_force[2] == in_force[0])
    return user.__dict__[NEEDS_CONSENT]


NEEDS_CONSENT = "needs_consent"


def _notice_in_force_with_answer():
    """The notice in force (id) with the person's newest participation answer beside it (granted, under
    which notice)."""
    quote = connection.ops.quote_name
    record, notice = quote(ConsentRecord._meta.db_table), quote(PrivacyNotice._meta.db_table)
    newest = f"FROM {record} WHERE purpose = %s AND user_id = %s ORDER BY recorded_at DESC, id DESC LIMIT 1"
    return (
        f"SELECT id, (SELECT granted {newest}), (SELECT notice_id {newest}) FROM {notice} "
        "WHERE effective_at <= %s ORDER BY effective_at DESC LIMIT 1"
    )


_NOTICE_IN_FORCE_WITH_ANSWER = _notice_in_force_with_answer()


def _profile_with_email_and_paper():
    """Written out for the same reason as the notice in force: it runs in every sign-up."""
    quote = connection.ops.quote_name
    profile, email = quote(Profile._meta.db_table), quote(EmailAddress._meta.db_table)
    paper = quote(PaperRecord._meta.db_table)
    return (
        f"SELECT {profile}.*, EXISTS(SELECT 1 FROM {email} WHERE {email}.user_id = {profile}.user_id "
        f"AND {email}.verified) AS has_verified_email, EXISTS(SELECT 1 FROM {paper} "
        f"WHERE {paper}.user_id = {profile}.user_id) AS on_paper FROM {profile} WHERE {profile}.user_id = %s"
    )


_PROFILE_WITH_EMAIL_AND_PAPER = _profile_with_email_and_paper()


@transaction.atomic
def record_consent(user, choices, guardian_consent=None):
    """Log a yes or no for each purpose in `choices` under the notice in force. A person's repeated
    answer is not logged twice; a guardian's consent always is, as it is a different person's word."""
    user.__dict__.pop(NEEDS_CONSENT, None)
    notice = PrivacyNotice.current()
    existing = current_consents(user)
    now = timezone.now()
    for purpose, granted in choices.items():
        if guardian_consent is None and existing.get(purpose) == (granted, notice.version):
            continue
        ConsentRecord.objects.create(
            user=user,
            purpose=purpose,
            granted=granted,
            notice=notice,
            recorded_at=now,
            given_by_guardian=guardian_consent,
        )


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
    end_sessions(user)
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    user.username = f"erased-{secrets.token_hex(8)}"
    user.email = ""
    user.first_name = user.last_name = ""
    user.last_login = None
    user.is_active = False
    # A new password hash also ends any session end_sessions() did not know of, on every device.
    user.set_unusable_password()
    user.save()


def end_sessions(user):
    """Every session of the person ends and leaves no row: allauth's record of each device (address,
    browser, last seen) and Django's session itself, found through that record or, for the
    database store, by reading every session it holds."""
    for device in UserSession.objects.filter(user=user):
        device.end()
    if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
        theirs = [
            session.pk
            for session in Session.objects.iterator()
            if session.get_decoded().get("_auth_user_id") == str(user.pk)
        ]
        Session.objects.filter(pk__in=theirs).delete()


def forget_ended_sessions():
    """Nightly: sessions past their expiry, and allauth's device records of sessions that ended, go
    (docs/privacy.md: an address and a browser are kept only while the session lives). Returns how many records."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
    if settings.SESSION_ENGINE != "django.contrib.sessions.backends.db":
        return 0
    deleted, _ = UserSession.objects.exclude(session_key__in=Session.objects.values("session_key")).delete()
    return deleted


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


def registration_blockers(user, profile=None):
    """Why this person cannot register for events yet, as translated sentences; empty when they can.
    The events app asks this before every sign-up, with the `profile` it has read already."""
    from django.utils.translation import gettext as _

    if not user.is_authenticated:
        return [_("Log in to register.")]
    blockers = []
    profile = profile or profile_of(user)
    on_paper = hasattr(user, "paper_record")  # registered at the desk: no e-mail, consent on paper
    verified = getattr(profile, "has_verified_email", None)  # read with the profile by registrant_profile
    if verified is None:
        verified = EmailAddress.objects.filter(user=user, verified=True).exists()
    if not on_paper and not verified:
        blockers.append(_("Confirm your e-mail address first: open the link we sent you."))
    if not profile.is_complete:
        blockers.append(_("Complete your profile first."))
    if needs_consent(user):
        blockers.append(_("Agree to the privacy notice first."))
    if profile.is_minor and profile.guardian_consent is None:
        blockers.append(_("You are under 20: your guardian must give consent first."))
    return blockers
