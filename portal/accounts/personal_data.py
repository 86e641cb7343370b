"""Everything the portal holds about a person ("My data", PDPA sections 30–31), as sections that
serve both the readable page and the JSON download: each fact has a machine key and value for the
file, and a Thai label and readable text (names of places, Buddhist-Era dates) for the page.

Accounts holds the account, profile, consents, guardian records, sessions and the messages sent;
the apps above it, which accounts may not import, add theirs through `collecting_personal_data`
(portal/events/account_data.py: sign-ups, hours, certificates, the calendar feed). docs/privacy.md
lists the same things; tests/portal/accounts/test_my_data.py holds the two to each other."""

import datetime
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from allauth.usersessions.models import UserSession
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from portal.notifications.ledger import KIND_LABELS
from portal.notifications.models import Delivery
from portal.thai.addresses import area_names
from portal.thai.dates import format_date
from portal.thai.phones import display_phone

from .models import ConsentPurpose, ConsentRecord, Profile
from .signals import collecting_personal_data


@dataclass
class Fact:
    key: str
    label: str
    value: object
    shown: str = ""


@dataclass
class Section:
    key: str
    title: str
    records: list = field(default_factory=list)  # each a list of Facts
    many: bool = True  # False: a single record, a JSON object rather than a list

    def as_json(self):
        objects = [{fact.key: fact.value for fact in record} for record in self.records]
        return objects if self.many else (objects[0] if objects else {})


def shown(value):
    """How the page shows a plain value."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return format_date(value, "datetime" if isinstance(value, datetime.datetime) else "long")
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return str(value)


def fact(key, label, value, text=None):
    return Fact(key, str(label), value, shown(value) if text is None else (text or "—"))


def _account(user):
    return Section(
        "account",
        _("Account"),
        [
            [
                fact("username", _("User name"), user.username),
                fact("first_name", _("First name"), user.first_name),
                fact("last_name", _("Last name"), user.last_name),
                fact("email", _("E-mail"), user.email),
                fact("date_joined", _("Joined"), user.date_joined),
                fact("last_login", _("Last logged in"), user.last_login),
            ]
        ],
        many=False,
    )


def _email_addresses(user):
    return Section(
        "email_addresses",
        _("E-mail addresses"),
        [
            [
                fact("email", _("E-mail"), address.email),
                fact("verified", _("Confirmed"), address.verified),
                fact("primary", _("Main address"), address.primary),
            ]
            for address in EmailAddress.objects.filter(user=user)
        ],
    )


def _linked_accounts(user):
    return Section(
        "linked_accounts",
        _("Linked accounts"),
        [
            [
                fact("provider", _("Service"), account.provider, account.provider.upper()),
                fact("uid", _("Account number there"), account.uid),
                fact("date_joined", _("Linked on"), account.date_joined),
            ]
            for account in SocialAccount.objects.filter(user=user)
        ],
    )


def _profile(profile):
    names = _area_names(profile)
    return Section(
        "profile",
        _("Profile"),
        [
            [
                fact("title", pgettext("before a name", "Title"), profile.title, profile.get_title_display()),
                fact("nickname", _("Nickname"), profile.nickname),
                fact("date_of_birth", _("Date of birth"), profile.date_of_birth),
                fact("phone", _("Mobile phone"), profile.phone, display_phone(profile.phone)),
                fact("address", _("Address"), profile.address_display),
                fact("province_code", _("Province"), profile.province_code, names["province"]),
                fact("district_code", _("District"), profile.district_code, names["district"]),
                fact("subdistrict_code", _("Sub-district"), profile.subdistrict_code, names["subdistrict"]),
                fact("village_number", _("Village No."), profile.village_number),
                fact("village_name", _("Village name"), profile.village_name),
                fact(
                    "volunteer_group",
                    _("Volunteer group"),
                    profile.volunteer_group,
                    profile.get_volunteer_group_display(),
                ),
                fact("opm_registration_number", _("OPM registration number"), profile.opm_registration_number),
                fact("skills", _("Skills"), profile.skills),
                fact("interests", _("Interests"), profile.interests),
                fact("emergency_contact_name", _("Emergency contact"), profile.emergency_contact_name),
                fact("emergency_contact_relation", _("Their relation to you"), profile.emergency_contact_relation),
                fact(
                    "emergency_contact_phone",
                    _("Emergency contact phone"),
                    profile.emergency_contact_phone,
                    display_phone(profile.emergency_contact_phone),
                ),
                fact(
                    "preferred_language",
                    _("Language for messages"),
                    profile.preferred_language,
                    profile.get_preferred_language_display(),
                ),
                fact("notify_by_email", _("Messages by e-mail"), profile.notify_by_email),
                fact("notify_by_line", _("Messages by LINE"), profile.notify_by_line),
                fact("created_at", _("Profile made"), profile.created_at),
                fact("updated_at", _("Last changed"), profile.updated_at),
            ]
        ],
        many=False,
    )


def _area_names(profile):
    """{"province": name, "district": name, "subdistrict": name} in the current language."""
    codes = {
        "province": (profile.province_code, "", ""),
        "district": ("", profile.district_code, ""),
        "subdistrict": ("", "", profile.subdistrict_code),
    }
    return {level: "".join(area_names(*area)) for level, area in codes.items()}


def _consents(user):
    return Section(
        "consents",
        _("Consent history"),
        [
            [
                fact("purpose", _("Purpose"), record.purpose, ConsentPurpose(record.purpose).label),
                fact("granted", _("Answer"), record.granted, _("agreed") if record.granted else _("declined")),
                fact("notice_version", _("Privacy notice version"), record.notice.version),
                fact("recorded_at", _("When"), record.recorded_at),
                fact("by_guardian", _("Given by your guardian"), record.given_by_guardian_id is not None),
            ]
            for record in ConsentRecord.objects.filter(user=user).select_related("notice")
        ],
    )


def _guardian_consents(profile, activity_labels):
    return Section(
        "guardian_consents",
        _("Guardian's consent"),
        [
            [
                fact("guardian_name", _("Guardian"), request.guardian_name),
                fact("relation", _("Relation"), request.relation),
                fact(
                    "guardian_phone",
                    _("Guardian's phone"),
                    request.guardian_phone,
                    display_phone(request.guardian_phone),
                ),
                fact("guardian_email", _("Guardian's e-mail"), request.guardian_email),
                fact("requested_at", _("Asked on"), request.requested_at),
                fact("expires_at", _("Link valid until"), request.expires_at),
                fact("consented_at", _("Consent given on"), request.consented_at),
                fact("refused_at", _("Refused on"), request.refused_at),
                fact("signed_name", _("Signed by"), request.signed_name),
                fact(
                    "activity_kinds",
                    _("Activities agreed to"),
                    request.activity_kinds,
                    shown([activity_labels.get(kind, kind) for kind in request.activity_kinds]),
                ),
                fact("programmes_shown", _("Programmes shown to the guardian"), request.programmes_shown),
                fact("withdrawn_at", _("Replaced or withdrawn on"), request.withdrawn_at),
            ]
            for request in profile.guardian_consents.all()
        ],
    )


def _sessions(user):
    return Section(
        "sessions",
        _("Devices logged in"),
        [
            [
                fact("ip", _("Internet address"), session.ip),
                fact("user_agent", _("Browser"), session.user_agent),
                fact("created_at", _("Logged in"), session.created_at),
                fact("last_seen_at", _("Last seen"), session.last_seen_at),
            ]
            for session in UserSession.objects.filter(user=user).order_by("-last_seen_at")
        ],
    )


def _messages(user):
    """The delivery log's rows about the person: what was sent, how and when; not the words, which the
    log forgets after DELIVERY_LOG_RETENTION_DAYS, and for a guardian's message not its link."""
    return Section(
        "messages",
        _("Messages sent to you (or to your guardian)"),
        [
            [
                fact("kind", _("Message"), row.kind, str(KIND_LABELS.get(row.kind, row.kind))),
                fact("subject", _("Subject"), row.title),
                fact("channel", _("Sent by"), row.channel, row.get_channel_display()),
                fact("address", _("To"), row.address, row.address or _("you")),
                fact("status", _("Status"), row.status, row.get_status_display()),
                fact("created_at", _("Recorded"), row.created_at),
                fact("sent_at", _("Sent"), row.sent_at),
            ]
            for row in Delivery.objects.filter(recipient=user).order_by("-created_at", "-pk")
        ],
    )


def sections(user):
    profile = Profile.objects.get_or_create(user=user)[0]
    from_above = []
    activity_labels = {}
    for _receiver, answer in collecting_personal_data.send(sender=type(user), user=user):
        from_above += answer.get("sections", [])
        activity_labels.update(answer.get("activity_labels", {}))
    return [
        _account(user),
        _email_addresses(user),
        _linked_accounts(user),
        _profile(profile),
        *from_above,
        _consents(user),
        _guardian_consents(profile, activity_labels),
        _messages(user),
        _sessions(user),
    ]


def export_personal_data(user):
    """The "My data" download: every section as plain JSON data."""
    return {"exported_at": timezone.now(), **{section.key: section.as_json() for section in sections(user)}}
