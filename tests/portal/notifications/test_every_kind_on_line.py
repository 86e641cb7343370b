"""Every message kind, in Thai and in English, as LINE would get it: the push passes the vendored
contract (tests/fakes/line/) and LINE's documented limits, no label is cut to fit (LINE allows 20
characters), and every word of the message arrives."""

import datetime

import pytest
from django.utils import timezone

from portal.accounts.guardians import give_guardian_consent, refuse_guardian_consent, request_guardian_consent
from portal.events import notices as event_messages
from portal.events import services
from portal.notifications import ledger
from portal.notifications.channels import LineChannel
from portal.notifications.line_messages import LABEL_LIMIT
from portal.notifications.models import Delivery
from tests.fakes.line_messaging import push_request_errors

pytestmark = pytest.mark.django_db


def _person(make_volunteer, name, language, **fields):
    person = make_volunteer(f"{name}_{language}", **fields)
    person.profile.preferred_language = language
    person.profile.save()
    return person


def _every_kind(language, make_event, make_volunteer):
    """Walk each path that sends a message, for people who read `language`."""

    def person(name, **fields):
        return _person(make_volunteer, name, language, **fields)

    full = make_event(capacity=1, title="อบรมนวัตกร", title_en="Innovators' training")
    seated, waiting = person("seated"), person("waiting")
    seat = services.sign_up(seated, full)  # signup_confirmed
    services.sign_up(waiting, full)  # signup_waitlisted
    services.cancel(seat, by=seated)  # signup_cancelled, signup_promoted
    approval = make_event(capacity=1, requires_approval=True, title="เยี่ยมบ้าน", title_en="Home visits")
    services.approve(services.sign_up(person("approved"), approval), by=None)  # signup_pending, signup_approved
    services.approve(services.sign_up(person("late"), approval), by=None)  # approved onto the waitlist
    services.reject(services.sign_up(person("rejected"), approval), by=None)  # signup_rejected
    moved = make_event(capacity=1, title="ค่าย", title_en="Camp")
    first = services.sign_up(person("moved"), moved)
    queued = services.sign_up(person("queued"), moved)
    services.move_to_waitlist(first, by=None)  # signup_moved_to_waitlist
    queued.refresh_from_db()
    services.cancel(queued, by=None)  # cancelled by a coordinator

    changing = make_event(title="อบรมอาสาสมัคร", title_en="Volunteer training")
    reminded = services.sign_up(person("reminded"), changing)
    ledger.notify_many([event_messages.reminder(reminded, "test")])  # reminder
    reminded.hours_credited = 7
    reminded.save()
    ledger.notify_many([event_messages.thank_you(reminded)])  # thank_you
    event_messages.coordinator_message([reminded], "นัดรวมพล 07:30", "มาก่อนเวลา\n\nนำบัตรมาด้วย", ["line"], "t")
    changing.starts_at += datetime.timedelta(hours=1)
    changing.ends_at += datetime.timedelta(hours=1)
    changing.save()  # event_changed
    services.cancel_event(changing, by=None)  # event_cancelled

    child = person("child", born=timezone.localdate() - datetime.timedelta(days=15 * 365))
    consent = request_guardian_consent(
        child.profile, "นางแม่ ใจดี", "มารดา", "0898765432", f"mother_{language}@example.org"
    )
    give_guardian_consent(consent, "นางแม่ ใจดี")
    services.sign_up(child, make_event(title="ค่ายเยาวชน", title_en="Youth camp"))  # guardian_notice
    other_child = person("other_child", born=timezone.localdate() - datetime.timedelta(days=14 * 365))
    refusal = request_guardian_consent(
        other_child.profile, "นายพ่อ ใจดี", "บิดา", "0898765433", f"father_{language}@example.org"
    )
    refuse_guardian_consent(refusal, "นายพ่อ ใจดี")  # guardian_consent_refused


def _texts(messages):
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "text":
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(messages)
    return "\n".join(found)


@pytest.mark.parametrize("language", ["th", "en"])
def test_every_kind_in_each_language_fits_lines_limits_whole(language, make_event, make_volunteer):
    _every_kind(language, make_event, make_volunteer)
    rows = Delivery.objects.filter(recipient__profile__preferred_language=language)
    assert {row.kind for row in rows} == set(ledger.KIND_LABELS), "every kind was made"
    for row in rows:
        body = LineChannel().request_body(row, "U" + "0" * 32)
        assert push_request_errors(body) == [], (row.kind, push_request_errors(body))
        content = row.content
        labels = [action["label"] for action in content.get("actions", [])] + [content["button"]["label"]]
        for label in labels:
            assert len(label) <= LABEL_LIMIT, f"{row.kind} ({language}): “{label}” is cut on LINE"
        chat = _texts(body["messages"])
        for paragraph in content["paragraphs"]:
            assert paragraph in chat, f"{row.kind} ({language}) loses words on LINE"
        if language == "en":
            assert not any("\u0e00" <= ch <= "\u0e7f" for ch in "".join(labels)), f"{row.kind}: Thai in English"
