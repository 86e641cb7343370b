"""A coordinator's message arrives whole on LINE (5,000 characters a text, 5 messages a push), and
when it is longer than a push can carry it says so and links to the whole text on the portal; the
coordinator sees before sending how it will arrive."""

import json
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from portal.events import notices as event_messages
from portal.events import services
from portal.notifications import ledger
from portal.notifications.models import Delivery
from tests.fakes.line_messaging import push_request_errors
from tests.notification_helpers import link_line

pytestmark = pytest.mark.django_db


def _paragraph(number, length):
    words = f"ย่อหน้าที่ {number} คำชี้แจงสำหรับอาสาสมัคร "
    return (words * (length // len(words) + 1))[:length].strip() + f" จบย่อหน้า {number}"


def _send(signup, body, token):
    event_messages.coordinator_message([signup], "แจ้งกำหนดการ", body, ["line"], token)
    rows = Delivery.objects.filter(
        recipient=signup.user, channel="line", kind="coordinator_message", occasion=str(token)
    )
    noon = timezone.localtime().replace(hour=12, minute=0)
    ledger.deliver([row.pk for row in rows], now=noon)
    return rows.get()


def _chat_text(messages):
    """Every word a person reads in the chat, in order."""
    found = []
    for message in messages:
        if message["type"] == "text":
            found.append(message["text"])
        else:
            found += re.findall(r'"text": "((?:[^"\\]|\\.)*)"', json.dumps(message, ensure_ascii=False))
    return "\n".join(found)


@pytest.fixture
def linked(event, make_volunteer):
    person = make_volunteer("somchai")
    link_line(person)
    return services.sign_up(person, event)


def test_a_long_paragraph_and_six_paragraphs_arrive_whole(linked, line_fake):
    paragraphs = [_paragraph(1, 1200)] + [_paragraph(number, 300) for number in range(2, 7)]
    _send(linked, "\n\n".join(paragraphs), "whole")
    [push] = line_fake.delivered
    assert push_request_errors(push.body) == []
    text = _chat_text(push.body["messages"])
    for paragraph in paragraphs:
        assert paragraph in text, "no paragraph is cut or left out"


def test_a_message_longer_than_a_push_says_so_and_links_to_the_whole_text(client, linked, line_fake, make_volunteer):
    paragraphs = [_paragraph(number, 2400) for number in range(1, 13)]  # about 29,000 characters
    row = _send(linked, "\n\n".join(paragraphs), "long")
    [push] = line_fake.delivered
    assert push_request_errors(push.body) == []
    messages = push.body["messages"]
    assert len(messages) == 5 and all(len(m.get("text", "")) <= 5000 for m in messages)
    assert messages[-1]["type"] == "flex", "the event's button still comes"
    text = _chat_text(messages)
    assert paragraphs[0] in text and paragraphs[6] in text, "as much as LINE carries, whole paragraphs first"
    whole_url = reverse("notifications_message", args=[row.key])
    assert "ข้อความยาวเกินกว่าที่ LINE" in messages[-2]["text"] and whole_url in messages[-2]["text"]

    client.force_login(linked.user)
    page = client.get(whole_url).content.decode()
    assert all(paragraph in page for paragraph in paragraphs), "the portal has the whole text"
    client.force_login(make_volunteer("someone_else"))
    assert client.get(whole_url).status_code == 404, "only the person it was sent to reads it"


def test_the_coordinator_sees_how_it_arrives_on_line_before_sending(client, linked, make_volunteer, programme):
    coordinator = make_volunteer("wilai")
    coordinator.groups.add(Group.objects.get(name="Coordinators"))
    programme.coordinators.add(coordinator)
    client.force_login(coordinator)
    url = reverse("event_messages:compose")
    token = client.get(url, {"signup": [linked.pk]}).context["form"]["token"].value()
    body = "\n\n".join([_paragraph(1, 1200), "นำบัตรประชาชนมาด้วย"])
    page = client.post(
        url,
        {
            "signup": [linked.pk],
            "subject": "นัดรวมพล",
            "token": token,
            "channels": ["email"],
            "message": body,
            "preview": "1",
        },
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "ทาง LINE จะได้รับเป็น 1 ข้อความ" in html
    assert _paragraph(1, 1200) in html and "นำบัตรประชาชนมาด้วย" in html
    assert "[ดูรายละเอียดกิจกรรม]" in html.replace("<strong>", "").replace("</strong>", ""), "with its button"
    assert not Delivery.objects.filter(kind="coordinator_message").exists(), "a preview sends nothing"
    assert page.context["form"]["message"].value() == body, "the words stay in the form to send"
