import datetime
import re

import pytest

from portal.accounts.models import Profile
from portal.accounts.services import registration_blockers

pytestmark = pytest.mark.django_db

VALID = {
    "title": "mr",
    "first_name": "สมชาย",
    "last_name": "ใจดี",
    "nickname": "ชาย",
    "date_of_birth": "25/10/2530",
    "phone": "081-234-5678",
    "volunteer_group": "opm",
    "opm_registration_number": "",
    "province_code": "63",
    "district_code": "6306",
    "subdistrict_code": "630609",
    "village_number": "4",
    "village_name": "บ้านห้วยกระโห้",
    "skills": "",
    "interests": "",
    "emergency_contact_name": "",
    "emergency_contact_relation": "",
    "emergency_contact_phone": "",
    "preferred_language": "th",
    "notify_by_email": "on",
    "notify_by_line": "on",
}


def _post(client, **changes):
    return client.post("/profile/edit/", {**VALID, **changes})


def test_thai_input_habits_are_understood_and_stored_normalised(client, volunteer):
    response = _post(client, date_of_birth="25/10/2530", phone="+66 81 234 5678", emergency_contact_phone="02-123-4567")
    assert response.status_code == 302
    profile = Profile.objects.get(user=volunteer)
    assert profile.date_of_birth == datetime.date(1987, 10, 25)
    assert profile.phone == "+66812345678"
    assert profile.emergency_contact_phone == "+6621234567"
    page = client.get("/profile/").content.decode()
    assert "081-234-5678" in page
    assert "วันอาทิตย์ที่ 25 ตุลาคม พ.ศ. 2530" in page
    assert "หมู่ที่ 4 บ้านห้วยกระโห้ ต.ด่านแม่ละเมา อ.แม่สอด จ.ตาก" in page
    # The form shows the date back the way it was typed: in the Buddhist Era.
    assert 'value="25/10/2530"' in client.get("/profile/edit/").content.decode()


THAI = "[\u0e00-\u0e7f]"


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("date_of_birth", "31/02/2530", "กรอกวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 25/10/2550"),
        ("date_of_birth", "hello", "กรอกวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 25/10/2550"),
        ("date_of_birth", "1/1/2600", "วันเกิดต้องไม่เป็นวันในอนาคต"),
        ("date_of_birth", "1/1/1800", "กรอกวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 25/10/2550"),
        ("phone", "12345", "หมายเลขนี้ไม่ใช่หมายเลขโทรศัพท์ไทยที่ถูกต้อง"),
        ("phone", "021234567", "กรอกหมายเลขมือถือ 10 หลักที่ขึ้นต้นด้วย 06, 08 หรือ 09"),
        ("first_name", "<script>alert(1)</script>", "ชื่อต้องไม่มีสัญลักษณ์ เช่น < > { } หรือ @"),
        ("first_name", "่", "สระหรือวรรณยุกต์ต้องอยู่บนพยัญชนะ โปรดตรวจการสะกด"),
        (
            "first_name",
            "สมชาย ใจดี่่",
            ("มีเครื่องหมายบนตัวอักษรเดียวมากเกินไป พยัญชนะไทยหนึ่งตัวมีสระบนได้หนึ่งตัว สระล่างหนึ่งตัว และวรรณยุกต์หนึ่งตัวเท่านั้น"),
        ),
        (
            "first_name",
            "\u202eสมชาย",
            (
                "ลบอักขระที่มองไม่เห็น (เช่น เครื่องหมายกำหนดทิศทางข้อความหรือช่องว่างความกว้างศูนย์) "
                "ออกจากข้อความนี้ เพราะทำให้ข้อความบนกระดาษและบนหน้าจออ่านผิดไป"
            ),
        ),
        ("first_name", "สมชาย https://x.co", "ชื่อต้องไม่มีที่อยู่เว็บ"),
        ("first_name", "สม\r\nชาย", "ข้อความนี้ต้องอยู่ในบรรทัดเดียว ลบการขึ้นบรรทัดใหม่ แท็บ และอักขระควบคุมอื่นออก"),
        # Django's own messages, in Django's Thai:
        ("first_name", "ก" * 151, None),
        ("first_name", "สม\x00ชาย", None),
        ("village_number", "abc", None),
        ("village_number", "500", None),
        ("province_code", "99", None),
        ("volunteer_group", "", None),
    ],
)
def test_bad_input_gets_a_thai_message_and_changes_nothing(client, volunteer, field, value, message):
    before = Profile.objects.filter(user=volunteer).values().get()
    response = _post(client, **{field: value})
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    if message:
        assert errors == [message]
    else:  # a null byte is refused by Django's own check and as a control character: two messages, both Thai
        assert errors and all(re.search(THAI, error) for error in errors), errors
    assert Profile.objects.filter(user=volunteer).values().get() == before
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_english_users_get_english_messages(client, volunteer):
    response = client.post("/en/profile/edit/", {**VALID, "phone": "021234567"})
    assert "Enter a Thai mobile number: 10 digits starting with 06, 08 or 09." in response.content.decode()


def test_address_must_hang_together(client, volunteer):
    response = _post(client, province_code="10", district_code="6306", subdistrict_code="630609")
    assert response.status_code == 200
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.content.decode()  # Mae Sot is not a district of Bangkok


def test_html_in_free_text_is_stored_exactly_and_shown_escaped(client, volunteer):
    _post(client, skills="<b>ทำอาหาร</b> & ปฐมพยาบาล", village_name="บ้าน 'เหนือ'")
    profile = Profile.objects.get(user=volunteer)
    assert profile.skills == "<b>ทำอาหาร</b> & ปฐมพยาบาล"
    page = client.get("/profile/my-data/").content.decode()
    assert "&lt;b&gt;ทำอาหาร&lt;/b&gt; &amp; ปฐมพยาบาล" in page and "<b>ทำอาหาร</b>" not in page


def test_address_lists_narrow_without_javascript(client, volunteer):
    response = client.post(
        "/profile/edit/", {**VALID, "province_code": "50", "district_code": "", "refresh_address": "1"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "เมืองเชียงใหม่" in html  # Chiang Mai's districts are now offered
    assert "แม่สอด" not in html.split('name="district_code"')[1].split("</select>")[0]
    assert 'class="errorlist"' not in html  # nothing saved, nothing complained about yet
    assert Profile.objects.get(user=volunteer).province_code == "63"


def test_address_options_endpoint_for_javascript(client):
    districts = client.get("/profile/address-options/", {"province": "63"}).json()["options"]
    assert ["6306", "แม่สอด"] in districts
    subdistricts = client.get("/en/profile/address-options/", {"district": "6306"}).json()["options"]
    assert ["630609", "Dan Mae Lamao"] in subdistricts
    assert client.get("/profile/address-options/", {"province": "<x>"}).json() == {"options": []}


def test_portal_urls_take_no_ids_so_nobody_reaches_another_persons_profile(client, make_volunteer):
    from portal.accounts import urls

    assert all(not pattern.pattern.converters for pattern in urls.urlpatterns), "profile URLs must not take ids"
    alice = make_volunteer("alice")
    bob = make_volunteer("bob")
    client.force_login(bob)
    for path in ("/profile/", "/profile/edit/", "/profile/my-data/", "/profile/my-data.json"):
        body = client.get(path).content.decode()
        assert "bob" in body and "alice" not in body, path
    assert alice.pk != bob.pk


def test_anonymous_visitors_are_sent_to_log_in(client):
    for path in ("/profile/", "/profile/edit/", "/profile/my-data.json", "/profile/delete/", "/profile/guardian/"):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), path


def test_registration_blockers_name_each_missing_step(make_volunteer):
    assert registration_blockers(make_volunteer("ready")) == []
    assert registration_blockers(make_volunteer("new", verified=False, complete=False, consent=False)) == [
        "โปรดยืนยันอีเมลก่อนลงทะเบียนร่วมกิจกรรม โดยเปิดลิงก์ที่เราส่งไปให้",
        "กรอกข้อมูลให้ครบก่อน",
        "โปรดยอมรับประกาศความเป็นส่วนตัวก่อน",
    ]
