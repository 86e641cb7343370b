"""What a coordinator needs to know of each person on the day, in the CSV and XLSX exports: title,
nickname, age, group, phone, the guardian of a minor (the emergency contact of an adult) and the
chosen activities; a walk-in registered at the desk is there like anyone else. Editors get none."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from portal.accounts.models import VolunteerGroup
from portal.events import walk_ins
from portal.exports.exporters import SignupExporter

pytestmark = pytest.mark.django_db


def _rows(client, user, event):
    client.force_login(user)
    response = client.get(reverse("exports:signups", kwargs={"fmt": "csv"}), {"event": event.pk})
    if response.status_code != 200:
        return response.status_code, []
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(body)))
    return 200, [dict(zip(header, row)) for row in rows]


def _th(msgid, context=None):
    with translation.override("th"):
        return translation.pgettext(context, msgid) if context else translation.gettext(msgid)


def test_minors_guardian_adults_emergency_contact_age_and_title(client, coordinator, editor, training, sign_up_person):
    adult = sign_up_person(training, "มะลิ", "ใจดี", group=VolunteerGroup.OPM)
    profile = adult.user.profile
    profile.title, profile.nickname = "mrs", "ลิ"
    profile.emergency_contact_name, profile.emergency_contact_relation = "สมปอง ใจดี", "สามี"
    profile.emergency_contact_phone = "+66891112222"
    profile.save()
    form = walk_ins.WalkInForm(
        {
            "title": "girl",
            "first_name": "ดารุณี",
            "last_name": "แสงทอง",
            "volunteer_group": VolunteerGroup.CHILD,
            "stated_age": "12",
            "guardian_name": "ครูสมศรี มีสุข",
            "guardian_relation": "ครู",
            "guardian_phone": "0812345678",
            "consent_on_paper": "on",
            "activities": [training.activities.first().pk],
        },
        event=training,
    )
    assert form.is_valid(), form.errors
    walk_ins.register_walk_in(training, form.cleaned_data, coordinator)

    _status, rows = _rows(client, coordinator, training)
    by_name = {row[_th("First name")]: row for row in rows}
    assert by_name["มะลิ"][_th("Title", "before a name")] == "นาง" and by_name["มะลิ"][_th("Nickname")] == "ลิ"
    assert by_name["มะลิ"][_th("Age")].isdigit()
    assert by_name["มะลิ"][_th("Guardian or emergency contact")] == "สมปอง ใจดี (สามี) 089-111-2222"
    child = by_name["ดารุณี"]
    assert child[_th("Age")] == "12" and child[_th("Title", "before a name")] == "เด็กหญิง"
    assert child[_th("Guardian or emergency contact")] == "ครูสมศรี มีสุข (ครู) 081-234-5678"
    assert child[_th("Activities")] == training.activities.first().display_title
    assert len(SignupExporter.columns) == len(rows[0])

    editor_status, _rows_seen = _rows(client, editor, training)
    assert editor_status in (302, 403, 404), "editors never see people's details"
