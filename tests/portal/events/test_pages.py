import datetime
import re
import shutil
import subprocess

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from icalendar import Calendar

from portal.events import qr, services
from portal.events.demo import TRAINING_TITLE
from portal.events.models import Event, Signup, SignupStatus

pytestmark = pytest.mark.django_db


def _messages(client, response):
    return re.findall(r'class="message[^"]*">([^<]*)', client.get(response["Location"]).content.decode())


def test_the_demo_training_is_on_the_home_page_and_the_event_list(client, demo):
    event = Event.objects.get(title=TRAINING_TITLE)  # the upcoming one, not the demo's finished first run
    assert event.capacity == 70 and event.activities.count() == 4
    assert {a.kind for a in event.activities.all()} == {"lecture", "workshop", "home_visit", "temple_cleanup"}
    for url in ("/", "/events/"):
        html = client.get(url).content.decode()
        assert event.title in html and "ลงทะเบียนแล้ว 0 จาก 70 ที่นั่ง" in html
    assert (
        "Training a network of community social innovators, Dan Mae Lamao" in client.get("/en/events/").content.decode()
    )


def test_event_list_filters_by_province_group_and_date(client, make_event):
    make_event(title="ตาก เยาวชน", eligible_groups=["youth"])
    make_event(title="เชียงใหม่ ทุกกลุ่ม", province_code="50", district_code="", subdistrict_code="")
    later = make_event(title="ตาก ปีหน้า", starts_at=timezone.now() + datetime.timedelta(days=400))
    titles = lambda **q: [e.title for e in client.get("/events/", q).context["events"]]
    assert set(titles(province="63")) >= {"ตาก เยาวชน", "ตาก ปีหน้า"} and "เชียงใหม่ ทุกกลุ่ม" not in titles(province="63")
    assert "ตาก เยาวชน" not in titles(group="opm") and "เชียงใหม่ ทุกกลุ่ม" in titles(group="opm")
    day = (later.starts_at - datetime.timedelta(days=1)).date()
    assert titles(**{"from": f"{day.day}/{day.month}/{day.year + 543}"}) == ["ตาก ปีหน้า"]
    bad = client.get("/events/", {"from": "32/13/2568", "group": "<x>", "province": "zz"})
    assert bad.status_code == 200 and "กรอกวันที่เป็น วัน/เดือน/ปี พ.ศ." in bad.content.decode()


def test_register_in_one_tap_then_see_the_qr_code_and_cancel(client, event, make_volunteer):
    client.force_login(make_volunteer("mali"))
    page = client.get(f"/events/{event.pk}/").content.decode()
    assert 'name="activities"' in page and "ลงทะเบียน" in page
    response = client.post(f"/events/{event.pk}/register/", {"activities": [event.activities.get().pk]})
    assert _messages(client, response) == ["ลงทะเบียนเรียบร้อย แสดงคิวอาร์โค้ดเมื่อลงชื่อเข้าร่วมงาน"]
    signup = Signup.objects.get(event=event)
    assert list(signup.activities.all()) == [event.activities.get()]
    mine = client.get("/events/mine/").content.decode()
    assert f"/events/signups/{signup.pk}/qr.svg" in mine
    qr = client.get(f"/events/signups/{signup.pk}/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    response = client.post(f"/events/signups/{signup.pk}/cancel/", {"confirm": "yes"})
    assert _messages(client, response) == ["ยกเลิกการลงทะเบียนแล้ว"]


def test_a_double_submit_registers_once_and_says_so(client, event, make_volunteer):
    client.force_login(make_volunteer("quick"))
    _messages(client, client.post(f"/events/{event.pk}/register/"))
    second = client.post(f"/events/{event.pk}/register/")
    assert _messages(client, second) == ["คุณลงทะเบียนกิจกรรมนี้แล้ว"]
    assert Signup.objects.filter(event=event).count() == 1


def test_when_full_the_button_offers_the_waitlist_and_tells_the_position(client, event, make_volunteer):
    for name in ("a", "b"):
        services.sign_up(make_volunteer(name), event)
    client.force_login(make_volunteer("third"))
    assert "ลงชื่อสำรอง" in client.get(f"/events/{event.pk}/").content.decode()
    response = client.post(f"/events/{event.pk}/register/")
    assert _messages(client, response) == ["กิจกรรมเต็มแล้ว คุณอยู่ลำดับสำรองที่ 1 เราจะแจ้งเมื่อมีที่ว่าง"]


def test_other_peoples_sign_ups_are_not_found(client, event, make_volunteer):
    theirs = services.sign_up(make_volunteer("owner"), event)
    client.force_login(make_volunteer("intruder"))
    for url in (f"/events/signups/{theirs.pk}/qr.svg", f"/events/signups/{theirs.pk}/certificate.pdf"):
        assert client.get(url).status_code == 404
    assert client.post(f"/events/signups/{theirs.pk}/cancel/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == SignupStatus.CONFIRMED


def test_requests_after_the_deadline_get_a_clear_answer_and_change_nothing(client, event, make_volunteer):
    person = make_volunteer("late")
    signup = services.sign_up(person, event)
    Event.objects.filter(pk=event.pk).update(
        cancellation_deadline=timezone.now() - datetime.timedelta(hours=1),
        registration_closes_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    client.force_login(person)
    assert _messages(client, client.post(f"/events/signups/{signup.pk}/cancel/", {"confirm": "yes"})) == [
        "เลยกำหนดยกเลิกแล้ว โปรดติดต่อผู้ประสานงาน"
    ]
    client.force_login(make_volunteer("later"))
    assert _messages(client, client.post(f"/events/{event.pk}/register/")) == ["ปิดรับลงทะเบียนแล้ว"]
    assert Signup.objects.filter(event=event).count() == 1


def test_anonymous_visitors_see_why_and_where_to_log_in(client, event):
    html = client.get(f"/events/{event.pk}/").content.decode()
    assert "เข้าสู่ระบบเพื่อลงทะเบียน" in html and "/accounts/login/?next=" in html
    assert client.post(f"/events/{event.pk}/register/")["Location"].startswith("/accounts/login/")


def test_unknown_and_draft_events_are_not_found(client, make_event):
    draft = make_event(status="draft")
    assert client.get(f"/events/{draft.pk}/").status_code == 404
    assert client.get("/events/999999/").status_code == 404


def test_check_in_page_for_the_programmes_coordinator_only(client, event_today, make_volunteer, coordinator):
    event = event_today
    signup = services.sign_up(make_volunteer("attendee"), event)
    client.force_login(make_volunteer("stranger"))
    assert client.get(f"/events/{event.pk}/check-in/").status_code == 403
    other = make_volunteer("othercoord")
    other.groups.add(Group.objects.get(name="Coordinators"))
    client.force_login(other)
    assert client.get(f"/events/{event.pk}/check-in/").status_code == 403
    client.force_login(coordinator)
    found = client.get(f"/events/{event.pk}/check-in/", {"q": "attendee"}).content.decode()
    assert "สมชาย attendee" in found
    by_phone = client.get(f"/events/{event.pk}/check-in/", {"q": "081-234"}).content.decode()
    assert "สมชาย attendee" in by_phone
    response = client.post(f"/events/{event.pk}/check-in/", {"token": qr.check_in_token(signup)})
    assert _messages(client, response) == ["สมชาย attendee ลงชื่อเข้าร่วมแล้ว"]
    again = client.post(f"/events/{event.pk}/check-in/", {"signup": signup.pk})
    assert _messages(client, again) == ["สมชาย attendee ลงชื่อเข้าร่วมไว้แล้ว ไม่มีการเปลี่ยนแปลง"]


def test_tampered_and_foreign_qr_codes_at_check_in(client, event, make_event, make_volunteer, coordinator):
    client.force_login(coordinator)
    signup = services.sign_up(make_volunteer("attendee"), event)
    token = qr.check_in_token(signup)
    # An empty or wrong code is told, never a 404 (issue 16).
    for bad in (token[:-3] + "abc", "", "   ", "' OR 1=1 --", str(signup.pk), "x" * 5000):
        response = client.post(f"/events/{event.pk}/check-in/", {"token": bad, "signup": ""})
        assert response.status_code == 302
        assert _messages(client, response) == (
            ["สแกนคิวอาร์โค้ดหรือพิมพ์รหัสก่อน"] if not bad.strip() else ["คิวอาร์โค้ดนี้ไม่ใช่ของระบบ หรือถูกแก้ไข"]
        )
    for chosen in ("", "x", "99999999", "1" * 40):
        response = client.post(f"/events/{event.pk}/check-in/", {"signup": chosen})
        assert response.status_code == 302 and len(_messages(client, response)) == 1
    other_event = make_event(title="อีกกิจกรรม")
    response = client.post(f"/events/{other_event.pk}/check-in/", {"token": token})
    assert _messages(client, response) == ["คิวอาร์โค้ดนี้เป็นของกิจกรรมอื่น: อบรมอาสาสมัคร"]
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_certificate_is_a_thai_pdf_and_its_code_verifies(client, event_today, make_volunteer, coordinator):
    event = event_today
    person = make_volunteer("graduate")
    signup, _ = services.check_in(services.sign_up(person, event), coordinator)
    client.force_login(person)
    response = client.get(f"/events/signups/{signup.pk}/certificate.pdf")
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True).stdout
        text = text.decode()
        assert "เกียรติบัตร" in text and "สมชาย graduate" in text and "จิตอาสา 7 ชั่วโมง" in text
    verify = client.get(f"/certificates/{signup.certificate_code}/")
    assert "เกียรติบัตรนี้ออกโดยระบบจริง" in verify.content.decode()
    assert client.get("/certificates/forged-code/").status_code == 404
    not_attended = services.sign_up(make_volunteer("absent"), event)
    client.force_login(not_attended.user)
    assert client.get(f"/events/signups/{not_attended.pk}/certificate.pdf").status_code == 404


def test_calendar_files_are_valid_icalendar_in_bangkok_time(client, event, make_volunteer):
    ics = client.get(f"/events/{event.pk}/calendar.ics")
    assert ics["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(ics.content)
    [entry] = calendar.walk("VEVENT")
    assert str(entry["dtstart"].dt.tzinfo) == "Asia/Bangkok"
    assert entry["dtstart"].dt == event.starts_at.replace(microsecond=0)
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Asia/Bangkok"
    assert str(entry["summary"]) == "อบรมอาสาสมัคร"

    person = make_volunteer("planner")
    services.sign_up(person, event)
    client.force_login(person)
    feed_url = re.search(
        r'value="(http://testserver/events/calendar/[^"]+\.ics)"', client.get("/events/mine/").content.decode()
    ).group(1)
    anonymous = client.__class__()
    assert len(Calendar.from_ical(anonymous.get(feed_url).content).walk("VEVENT")) == 1
    client.post("/events/calendar/reset/")
    assert anonymous.get(feed_url).status_code == 404
