"""A guardian's consent for a minor, through a channel the minor does not control.

The minor names their guardian and the guardian's address; the portal sends the guardian a link
through the notifications ledger (e-mail today: GUARDIAN_CHANNELS says which of the guardian's
details reaches them on which channel, so SMS or LINE is one more entry). The link is never shown
to the minor, works once, and expires (GUARDIAN_CONSENT_LINK_DAYS). The guardian's page shows the
programmes, the kinds of activity and the optional purposes; each choice is recorded, and the
minor is told, through the ledger, when the guardian agrees or refuses."""

import datetime
import hashlib
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.notifications import ledger
from portal.thai.dates import format_date
from portal.thai.phones import normalise_phone

from .models import ConsentPurpose, GuardianConsent, PrivacyNotice, Profile
from .signals import describing_participation

# channel → the GuardianConsent field holding the guardian's address on it.
GUARDIAN_CHANNELS = {"email": "guardian_email"}
OPTIONAL_PURPOSES = (ConsentPurpose.PHOTOS, ConsentPurpose.LINE_REMINDERS)

ledger.register_kinds(
    {
        "guardian_request": gettext_lazy("Consent request to a guardian"),
        "guardian_consent_given": gettext_lazy("Guardian's consent given"),
        "guardian_consent_refused": gettext_lazy("Guardian's consent refused"),
    }
)


class GuardianRequestRefused(Exception):
    def __init__(self, reason, field=None):
        super().__init__(reason)
        self.reason, self.field = reason, field


def _hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def comparable_address(email):
    """An e-mail address as the mailbox it reaches: case, a +tag, and Gmail's dots make no difference."""
    local, _at, domain = (email or "").strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in ("gmail.com", "googlemail.com"):
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def _phone(number):
    try:
        return normalise_phone(number, mobile_only=False)
    except ValidationError:
        return number


def _addresses_of(user):
    addresses = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    return {comparable_address(address) for address in addresses | {user.email} if address}


def _minors_addresses(address):
    """Accounts of minors that receive mail at `address`: a minor cannot be anyone's guardian."""
    owners = EmailAddress.objects.filter(email__iexact=address).values("user")
    return [profile for profile in Profile.objects.filter(user__in=owners) if profile.is_minor]


def request_problems(profile, guardian_email, guardian_phone, now=None):
    """{field name or None: why not} for a request the minor is about to make."""
    problems = {}
    if guardian_email:
        mailbox = comparable_address(guardian_email)
        if mailbox in _addresses_of(profile.user):
            problems["guardian_email"] = _(
                "This is your own e-mail address. Enter your guardian's, so that the link reaches them and not you."
            )
        elif any(other.user_id != profile.user_id for other in _minors_addresses(guardian_email)):
            problems["guardian_email"] = _("This address belongs to someone under 20. A guardian must be an adult.")
    if guardian_phone and profile.phone and _phone(guardian_phone) == _phone(profile.phone):
        problems["guardian_phone"] = _("This is your own phone number. Enter your guardian's.")
    now = now or timezone.now()
    day_ago = now - datetime.timedelta(days=1)
    limit = settings.GUARDIAN_REQUESTS_PER_DAY
    if profile.guardian_consents.filter(requested_at__gt=day_ago).count() >= limit:
        problems[None] = _(
            "You have asked for consent %(count)s times today. You can ask again tomorrow; your "
            "guardian can still use the latest link."
        ) % {"count": limit}
    elif (
        guardian_email
        and GuardianConsent.objects.filter(guardian_email__iexact=guardian_email, requested_at__gt=day_ago).count()
        >= limit
    ):
        problems[None] = _("This address has been sent enough consent requests today. Please try again tomorrow.")
    return problems


def _link(token):
    return settings.SITE_URL + reverse("guardian_consent", kwargs={"token": token})


def _request_content(request, link, language):
    volunteer = request.profile
    with translation.override(language):
        until = format_date(request.expires_at, "long")
        return {
            "language": language,
            # No text typed by a person in the subject: it is what a phishing mail would forge.
            "subject": _("A young volunteer asks for your consent"),
            "title": _("Consent for a young volunteer"),
            "paragraphs": [
                _("Dear %(guardian)s,") % {"guardian": request.guardian_name},
                _(
                    "%(volunteer)s has named you as their %(relation)s and asks for your consent to take part in "
                    "volunteer activities through %(site)s."
                )
                % {"volunteer": volunteer.full_name, "relation": request.relation, "site": settings.WAGTAIL_SITE_NAME},
                _(
                    "The page behind the button shows the programmes, the kinds of activity (such as home visits) "
                    "and the optional purposes such as photos; you choose what you agree to, or refuse."
                ),
                _(
                    "The link works once, only for you, until %(date)s. If you do not know this person, ignore this "
                    "message: nothing happens without your answer."
                )
                % {"date": until},
            ],
            "details": [[_("Young volunteer"), volunteer.full_name], [_("Link valid until"), until]],
            "button": {"label": _("Read and answer"), "url": link},
        }


@transaction.atomic
def request_guardian_consent(profile, guardian_name, relation, guardian_phone, guardian_email, now=None):
    """Start a new request (an earlier unanswered one stops working) and send the guardian the link
    on every channel they can be reached on. Raises GuardianRequestRefused when the request is not
    allowed. The returned request carries `.link` for the caller's tests only: views never show it."""
    now = now or timezone.now()
    Profile.objects.select_for_update().filter(pk=profile.pk).first()  # one request at a time per person
    problems = request_problems(profile, guardian_email, guardian_phone, now)
    if problems:
        field, reason = next(iter(problems.items()))
        raise GuardianRequestRefused(reason, field)
    profile.guardian_consents.filter(
        consented_at__isnull=True, refused_at__isnull=True, withdrawn_at__isnull=True
    ).update(withdrawn_at=now)
    token = secrets.token_urlsafe(32)
    request = GuardianConsent.objects.create(
        profile=profile,
        guardian_name=guardian_name,
        relation=relation,
        guardian_phone=guardian_phone,
        guardian_email=guardian_email,
        token_hash=_hash(token),
        requested_at=now,
        expires_at=now + datetime.timedelta(days=settings.GUARDIAN_CONSENT_LINK_DAYS),
    )
    request.link = _link(token)
    content = _request_content(request, request.link, profile.preferred_language)
    ledger.notify_many(
        [
            ledger.Message(
                recipient=profile.user,
                subject=request,
                kind="guardian_request",
                content=content,
                channels=(channel,),
                address=getattr(request, field),
            )
            for channel, field in GUARDIAN_CHANNELS.items()
            if getattr(request, field)
        ]
    )
    return request


def request_for_token(token):
    """The request a guardian's link opens, or None (unknown, or replaced by a newer request)."""
    if not token or len(token) > 100:
        return None
    return (
        GuardianConsent.objects.select_related("profile__user")
        .filter(token_hash=_hash(token), withdrawn_at__isnull=True)
        .first()
    )


def participation():
    """What a guardian consents to, as the apps above accounts describe it: {"programmes": [names],
    "activity_kinds": [(value, label)]}."""
    described = {"programmes": [], "activity_kinds": []}
    for _receiver, answer in describing_participation.send(sender=GuardianConsent):
        for key in described:
            described[key] += list((answer or {}).get(key, []))
    return described


def _tell_the_minor(request, kind):
    profile = request.profile
    language = profile.preferred_language
    with translation.override(language):
        if kind == "guardian_consent_given":
            subject = _("Your guardian has given consent")
            paragraphs = [
                _("Your guardian has agreed: you can now register for events."),
                _("Activities they did not agree to are not open to you; your profile shows what they chose."),
            ]
        else:
            subject = _("Your guardian did not give consent")
            paragraphs = [
                _("Your guardian has refused consent, so you cannot register for events for now."),
                _("Talk with them; you can send a new request from your profile."),
            ]
        content = {
            "language": language,
            "subject": subject,
            "title": subject,
            "paragraphs": paragraphs,
            "details": [],
            "button": {"label": _("Open my profile"), "url": settings.SITE_URL + reverse("profile:detail")},
        }
    ledger.notify(profile.user, request, kind, content)


def _locked_pending(request, now):
    request = GuardianConsent.objects.select_for_update().select_related("profile__user").get(pk=request.pk)
    if request.is_answered or request.withdrawn_at is not None or request.is_expired(now):
        return None
    return request


@transaction.atomic
def give_guardian_consent(request, signed_name, activity_kinds=None, optional=(), now=None):
    """The guardian agrees, for the kinds of activity in `activity_kinds` (None: every kind offered)
    and the optional purposes in `optional`; each choice is a consent record under the notice in
    force. A request already answered, replaced or expired is left as it was. Returns it."""
    from .services import record_consent

    now = now or timezone.now()
    locked = _locked_pending(request, now)
    if locked is None:
        return GuardianConsent.objects.get(pk=request.pk)
    described = participation()
    offered = [value for value, _label in described["activity_kinds"]]
    locked.activity_kinds = offered if activity_kinds is None else [kind for kind in offered if kind in activity_kinds]
    locked.programmes_shown = described["programmes"]
    locked.consented_at, locked.signed_name, locked.notice = now, signed_name, PrivacyNotice.current()
    locked.save()
    choices = {ConsentPurpose.PARTICIPATION: True, **{purpose: purpose in optional for purpose in OPTIONAL_PURPOSES}}
    record_consent(locked.profile.user, choices, guardian_consent=locked)
    _tell_the_minor(locked, "guardian_consent_given")
    return locked


@transaction.atomic
def refuse_guardian_consent(request, signed_name="", now=None):
    now = now or timezone.now()
    locked = _locked_pending(request, now)
    if locked is None:
        return GuardianConsent.objects.get(pk=request.pk)
    locked.refused_at, locked.signed_name, locked.notice = now, signed_name, PrivacyNotice.current()
    locked.programmes_shown = participation()["programmes"]
    locked.save()
    _tell_the_minor(locked, "guardian_consent_refused")
    return locked


def refused_by_guardian(user, purposes):
    """Which of `purposes` the guardian in force of a minor did not agree to (empty for adults)."""
    profile = Profile.objects.filter(user=user).first()
    consent = profile.guardian_consent if profile and profile.is_minor else None
    if consent is None:
        return set()
    granted = {record.purpose for record in consent.consent_records.all() if record.granted}
    return {purpose for purpose in purposes if purpose not in granted}


def activity_kinds_refused(user, kinds, profile=None):
    """Which of the kinds of activity `kinds` a minor's guardian did not agree to (empty for adults)."""
    profile = profile or Profile.objects.filter(user=user).first()
    consent = profile.guardian_consent if profile and profile.is_minor else None
    if consent is None:
        return set()
    return {kind for kind in kinds if kind not in consent.activity_kinds}
