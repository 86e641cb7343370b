"""People a coordinator registers at the desk: a walk-in without an account, an elderly neighbour
without a phone, a child brought by a teacher. Each becomes an account with no password, e-mail or
LINE (so nobody can log in as them), with the few details the desk asks for and the consent given
on paper: by the person, or for a minor by the guardian named, as recorded by the coordinator.

The person may later make it their own account: the coordinator hands them a secret claim code
(shown once, kept only as a hash, valid CLAIM_DAYS), which they enter once logged in with their
e-mail or LINE; the events app then moves the sign-ups over (portal.events.walk_ins)."""

import datetime
import hashlib
import secrets
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AGE_OF_MAJORITY, ConsentPurpose, ConsentRecord, GuardianConsent, PaperRecord, PrivacyNotice, Profile
from .services import record_consent

CLAIM_DAYS = 180
# No 0/O or 1/I/L: the code is read off paper and typed on a phone.
CLAIM_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CLAIM_LENGTH = 10


def _hash(code):
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def normalise_code(code):
    return "".join(character for character in (code or "").upper() if character.isalnum())


@transaction.atomic
def create_paper_person(details, by, now=None):
    """A new person from the desk's form; `details` as cleaned by portal.events.walk_ins. A minor
    comes with a guardian, whose consent on paper (to `details["activity_kinds"]`) is recorded."""
    now = now or timezone.now()
    user = get_user_model().objects.create(
        username=f"paper-{uuid.uuid4().hex[:12]}", first_name=details["first_name"], last_name=details["last_name"]
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    profile = Profile.objects.create(
        user=user,
        title=details.get("title", ""),
        nickname=details.get("nickname", ""),
        date_of_birth=details.get("date_of_birth"),
        stated_age=None if details.get("date_of_birth") else details.get("stated_age"),
        phone=details.get("phone", ""),
        volunteer_group=details["volunteer_group"],
        emergency_contact_name=details.get("guardian_name", ""),
        emergency_contact_relation=details.get("guardian_relation", ""),
        emergency_contact_phone=details.get("guardian_phone", ""),
    )
    guardian = None
    if profile.is_minor:
        guardian = GuardianConsent.objects.create(
            profile=profile,
            guardian_name=details["guardian_name"],
            relation=details["guardian_relation"],
            guardian_phone=details.get("guardian_phone", ""),
            requested_at=now,
            consented_at=now,
            signed_name=details["guardian_name"],
            notice=PrivacyNotice.current(),
            activity_kinds=list(details.get("activity_kinds", [])),
        )
    PaperRecord.objects.create(
        user=user,
        recorded_by=by,
        recorded_at=now,
        consent_signed_by=details["guardian_name"] if guardian else user.get_full_name(),
    )
    if PrivacyNotice.current() is not None:
        record_consent(user, {ConsentPurpose.PARTICIPATION: True}, guardian_consent=guardian)
    return user


def needs_guardian(details):
    """Whether the desk's details describe a minor (by date of birth or the age they told)."""
    born = details.get("date_of_birth")
    if born:
        today = timezone.localdate()
        return today.year - born.year - ((today.month, today.day) < (born.month, born.day)) < AGE_OF_MAJORITY
    age = details.get("stated_age")
    return age is not None and age < AGE_OF_MAJORITY


def new_claim_code(record, now=None):
    """A fresh claim code for `record` (any earlier one stops working). Returns the code to hand over."""
    now = now or timezone.now()
    code = "".join(secrets.choice(CLAIM_ALPHABET) for _position in range(CLAIM_LENGTH))
    record.claim_code_hash = _hash(code)
    record.claim_expires_at = now + datetime.timedelta(days=CLAIM_DAYS)
    record.save(update_fields=["claim_code_hash", "claim_expires_at"])
    return f"{code[:5]}-{code[5:]}"


def record_for_code(code, now=None):
    """The paper record a claim code opens, locked for the claim; None for a wrong or expired code."""
    if len(normalise_code(code)) != CLAIM_LENGTH:
        return None
    record = (
        PaperRecord.objects.select_for_update(of=("self",))
        .select_related("user__profile")
        .filter(claim_code_hash=_hash(code))
        .first()
    )
    if record is None or record.claim_expires_at <= (now or timezone.now()):
        return None
    return record


def claim_problem(record, claimant):
    """Why `claimant` may not take over `record`'s person, as a translated sentence; None when they may."""
    if claimant.pk == record.user_id or hasattr(claimant, "paper_record"):
        return _("This code is for a person registered at the desk; log in with your own account first.")
    claimant_profile = Profile.objects.filter(user=claimant).first()
    born = record.user.profile.date_of_birth
    if claimant_profile and claimant_profile.date_of_birth and born and claimant_profile.date_of_birth != born:
        return _(
            "The date of birth in your profile is not the one recorded at the desk: ask the coordinator to check it."
        )
    return None


def fill_profile_from(record, claimant):
    """The claimant's profile keeps what it has and takes what only the desk knew."""
    paper = record.user.profile
    profile, _created = Profile.objects.get_or_create(user=claimant)
    for field in (
        "title",
        "nickname",
        "date_of_birth",
        "stated_age",
        "phone",
        "volunteer_group",
        "emergency_contact_name",
        "emergency_contact_relation",
        "emergency_contact_phone",
    ):
        if not getattr(profile, field) and getattr(paper, field):
            setattr(profile, field, getattr(paper, field))
    profile.save()
    for field in ("first_name", "last_name"):
        if not getattr(claimant, field):
            setattr(claimant, field, getattr(record.user, field))
    claimant.save(update_fields=["first_name", "last_name"])
    GuardianConsent.objects.filter(profile=paper).update(profile=profile)
    ConsentRecord.objects.filter(user=record.user).update(user=claimant)  # the paper's word stays in the log
