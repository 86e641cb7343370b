"""A volunteer's own seat: cancelling asks once more (without JavaScript), the chosen activities
are shown and can be changed, and visitors see an event's activities before logging in."""

import datetime

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone

from portal.events import services
from portal.events.models import Activity, ActivityKind, SignupStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_activities(event):
    workshop = Activity.objects.create(
        event=event,
        title="ฝึกเขียนโครงการ",
        kind=ActivityKind.WORKSHOP,
        capacity=1,
        starts_at=event.starts_at + datetime.timedelta(hours=3),
        ends_at=event.starts_at + datetime.timedelta(hours=5),
        order=2,
    )
    return event.activities.get(order=1), workshop


def test_cancelling_asks_first_and_only_a_confirmed_answer_cancels(client, event, make_volunteer):
    person = make_volunteer("somchai")
    signup = services.sign_up(person, event)
    client.force_login(person)
    mine = client.get("/events/mine/").content.decode()
    assert f'href="/events/signups/{signup.pk}/cancel/"' in mine, "a link: it works without JavaScript"

    question = client.get(f"/events/signups/{signup.pk}/cancel/")
    page = question.content.decode()
    assert question.status_code == 200 and "ยกเลิกการลงทะเบียนหรือไม่" in page and event.title in page
    assert "ใช่ ยกเลิกการลงทะเบียน" in page and 'href="/events/mine/"' in page
    client.post(f"/events/signups/{signup.pk}/cancel/")  # a form without the answer, as the old page sent
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CONFIRMED, "nothing is cancelled without the answer"

    client.post(f"/events/signups/{signup.pk}/cancel/", {"confirm": "yes"})
    signup.refresh_from_db()
    assert signup.status == SignupStatus.CANCELLED

    other = services.sign_up(make_volunteer("somsri"), event)
    assert client.get(f"/events/signups/{other.pk}/cancel/").status_code == 404
    assert client.post(f"/events/signups/{other.pk}/cancel/", {"confirm": "yes"}).status_code == 404


def test_the_chosen_activities_are_shown_and_changed(client, event, two_activities, make_volunteer):
    lecture, workshop = two_activities
    person = make_volunteer("somchai")
    signup = services.sign_up(person, event, [lecture])
    client.force_login(person)
    mine = client.get("/events/mine/").content.decode()
    assert f'value="{lecture.pk}" checked' in mine and f'value="{workshop.pk}">' in mine

    client.post(f"/events/signups/{signup.pk}/activities/", {"activities": [workshop.pk]})
    assert list(signup.activities.all()) == [workshop]

    rival = make_volunteer("somsri")
    rivals = services.sign_up(rival, event, [lecture])
    client.force_login(rival)
    told = client.post(f"/events/signups/{rivals.pk}/activities/", {"activities": [workshop.pk]}, follow=True)
    assert "ฝึกเขียนโครงการ เต็มแล้ว" in told.content.decode(), "the workshop's one seat is taken"
    assert list(rivals.activities.all()) == [lecture]
    assert client.post(f"/events/signups/{signup.pk}/activities/", {"activities": []}).status_code == 404

    client.force_login(person)
    client.post(f"/events/signups/{signup.pk}/activities/", {"activities": [workshop.pk, lecture.pk]})
    assert set(signup.activities.all()) == {lecture, workshop}, "their own workshop seat still counts as theirs"

    event.cancellation_deadline = timezone.now() - datetime.timedelta(minutes=1)
    event.save()
    told = client.post(f"/events/signups/{signup.pk}/activities/", {"activities": [lecture.pk]}, follow=True)
    assert set(signup.activities.all()) == {lecture, workshop}
    assert "เลยกำหนด" in told.content.decode()


def test_visitors_see_the_activities_before_logging_in(client, event, two_activities):
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert "บรรยายศาสตร์พระราชา" in page and "ฝึกเขียนโครงการ" in page


def test_the_site_has_a_favicon(client):
    page = client.get("/events/").content.decode()
    assert 'rel="icon" href="/static/img/favicon.svg"' in page
    assert finders.find("img/favicon.svg")
    redirect = client.get("/favicon.ico")
    assert redirect.status_code == 301 and redirect["Location"] == "/static/img/favicon.svg"
