"""Every login goes through one throttled, verified path: allauth's. The staff admin's and Wagtail's
private-page log-in pages lead there and never look at a password; the admin is no second door for
volunteers; guessing is stopped on every form that checks a password, with a Thai message, and is
counted so that one person's failures (or a whole room behind one address) lock nobody else out."""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache

from tests.fixtures.volunteers import PASSWORD

pytestmark = pytest.mark.django_db

THAI = re.compile("[\u0e01-\u0e5b]")
TOO_MANY = "พยายามเข้าสู่ระบบล้มเหลวหลายครั้งเกินไป ลองอีกครั้งในภายหลัง"


@pytest.fixture(autouse=True)
def no_earlier_attempts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coordinator(make_volunteer):
    user = make_volunteer("coord")
    user.groups.add(Group.objects.get(name="Coordinators"))
    return user


def log_in(client, email, password, **headers):
    return client.post("/accounts/login/", {"login": email, "password": password}, **headers)


def logged_in(client):
    return "_auth_user_id" in client.session


def refusal(response):
    form = response.context["form"] if response.context and "form" in response.context else None
    return [str(error) for error in form.non_field_errors()] if form else []


# --- the one way in ------------------------------------------------------------------------------


def test_the_admin_login_page_leads_to_the_portals_and_never_checks_a_password(client, coordinator):
    page = client.get("/admin/login/?next=/admin/pages/")
    assert page.status_code == 302 and page["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"
    posted = client.post("/admin/login/", {"username": "coord", "password": PASSWORD})
    assert posted.status_code == 302 and posted["Location"].startswith("/accounts/login/")
    assert not logged_in(client)
    # An unsafe next= is not followed after logging in.
    assert client.get("/admin/login/?next=https://evil.example/")["Location"] == "/accounts/login/?next=%2Fadmin%2F"


def test_wagtails_private_page_login_leads_there_too(client, coordinator):
    page = client.get("/_util/login/?next=/members/")
    assert page.status_code == 302 and page["Location"] == "/accounts/login/?next=%2Fmembers%2F"
    client.post("/_util/login/", {"username": "coord@example.org", "password": PASSWORD})
    assert not logged_in(client)


def test_staff_reach_the_admin_in_thai_after_logging_in_there(client, coordinator):
    start = client.get("/admin/pages/")
    assert start["Location"] == "/admin/login/?next=/admin/pages/"
    to_login = client.get(start["Location"])
    done = log_in(client, "coord@example.org", PASSWORD, QUERY_STRING=to_login["Location"].split("?")[1])
    assert done.status_code == 302 and done["Location"] == "/admin/pages/"
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    assert '<html lang="th"' in dashboard.content.decode() and "<title>หน้าหลัก" in dashboard.content.decode()


def test_a_volunteer_is_told_the_admin_is_for_staff_not_sent_round_in_circles(client, make_volunteer):
    log_in(client, make_volunteer("somchai").email, PASSWORD)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert [url for url, _status in response.redirect_chain] == ["/admin/login/?next=/admin/"]
    assert "ส่วนนี้ของเว็บไซต์สำหรับเจ้าหน้าที่" in response.content.decode()


def test_staff_whose_address_is_not_confirmed_cannot_log_in_anywhere(client, coordinator):
    EmailAddress.objects.filter(user=coordinator).update(verified=False)
    response = log_in(client, "coord@example.org", PASSWORD)
    assert not logged_in(client)
    assert response.status_code == 302 and response["Location"] == "/accounts/confirm-email/"
    assert mail.outbox and mail.outbox[0].to == ["coord@example.org"]
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_the_admins_own_password_and_email_forms_are_gone(client, coordinator):
    client.force_login(coordinator)
    for url in ("/admin/password_reset/", "/admin/account/change_password/"):
        assert client.get(url).status_code == 404, url
    account = client.get("/admin/account/").content.decode()
    assert 'href="/accounts/password/change/"' in account and 'href="/accounts/email/"' in account


# --- guessing --------------------------------------------------------------------------------------


def _guess_then_the_right_one(client, email, right_password, twenty=20, **headers):
    for number in range(twenty):
        log_in(client, email, f"wrong-{number}", **headers)
    return log_in(client, email, right_password, **headers)


@pytest.mark.parametrize("who", ["volunteer", "coordinator", "superuser"])
def test_twenty_wrong_passwords_then_the_right_one_is_refused_for_a_while_in_thai(
    client, make_volunteer, coordinator, who, monkeypatch
):
    user = {"volunteer": make_volunteer("somchai"), "coordinator": coordinator}.get(who)
    if user is None:
        user = get_user_model().objects.get(username="admin")
        user.set_password(PASSWORD)
        user.save()
    response = _guess_then_the_right_one(client, user.email, PASSWORD)
    assert response.status_code == 200 and not logged_in(client)
    assert refusal(response) == [TOO_MANY]
    assert '<html lang="th"' in response.content.decode()
    # A while later the right password works again.
    later = time.time() + 3601
    monkeypatch.setattr(time, "time", lambda: later)
    assert log_in(client, user.email, PASSWORD).status_code == 302 and logged_in(client)


def test_guessing_through_the_other_password_forms_is_stopped_too(client, make_volunteer):
    """Forms that check the password of someone already logged in: reauthentication and account deletion."""
    user = make_volunteer("somchai")
    client.force_login(user)
    for number in range(20):
        client.post("/profile/delete/", {"password": f"wrong-{number}", "confirm": "on"})
    response = client.post("/profile/delete/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 200 and TOO_MANY in response.context["form"].errors["password"]
    user.refresh_from_db()
    assert user.is_active
    cache.clear()
    for number in range(20):
        client.post("/accounts/reauthenticate/", {"password": f"wrong-{number}"})
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = response.content.decode()
    assert (response.status_code, TOO_MANY in page or "ลองหลายครั้งเกินไป" in page) in ((200, True), (429, True))


def test_a_flood_of_login_posts_gets_the_thai_429_page(client):
    for number in range(60):
        client.post("/accounts/login/", {"login": f"x{number}@example.org", "password": "x"})
    response = client.post("/accounts/login/", {"login": "y@example.org", "password": "x"})
    assert response.status_code == 429
    page = response.content.decode()
    assert "ลองหลายครั้งเกินไป" in page and "Too Many Requests" not in page


# --- behind the proxy: one person's failures do not lock out another ----------------------------------


def test_behind_a_proxy_each_visitor_has_their_own_limits(client, make_volunteer, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    victim = make_volunteer("somchai")
    for number in range(11):
        log_in(client, f"other{number}@example.org", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert log_in(client, victim.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 302


def test_a_room_on_one_connection_is_not_locked_out_by_a_few_mistakes(client, make_volunteer):
    people = [make_volunteer(f"person{number}") for number in range(12)]
    for person in people:  # everyone mistypes once, then logs in
        log_in(client, person.email, "typo")
        assert log_in(client, person.email, PASSWORD).status_code == 302, person
        client.logout()


def test_someone_elses_failures_on_my_account_from_elsewhere_do_not_lock_me_out(client, make_volunteer, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    victim = make_volunteer("somchai")
    _guess_then_the_right_one(client, victim.email, "still-wrong", HTTP_X_FORWARDED_FOR="203.0.113.7")
    client.logout()
    assert log_in(client, victim.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.20").status_code == 302


def test_a_visitors_own_x_forwarded_for_changes_nothing(client, make_volunteer, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    victim = make_volunteer("somchai")
    for number in range(20):  # the proxy appends the real address; what the attacker wrote is ignored
        log_in(client, victim.email, "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}, 203.0.113.7")
    assert refusal(log_in(client, victim.email, PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7")) == [TOO_MANY]
    settings.TRUSTED_PROXY_COUNT = 0  # no proxy: the header is not believed at all
    cache.clear()
    for number in range(20):
        log_in(client, victim.email, "wrong", HTTP_X_FORWARDED_FOR=f"10.0.1.{number}")
    assert refusal(log_in(client, victim.email, PASSWORD, HTTP_X_FORWARDED_FOR="10.9.9.9")) == [TOO_MANY]


def test_a_request_that_bypassed_the_proxies_is_not_a_server_error(client, make_volunteer, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    user = make_volunteer("somchai")
    assert log_in(client, user.email, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 302
    client.logout()
    assert log_in(client, user.email, PASSWORD, HTTP_X_FORWARDED_FOR="not-an-address, also-not").status_code == 302


def test_the_first_administrator_confirms_the_address_once_then_reaches_the_admin(client, monkeypatch):
    """docs/operations.md: createsuperuser, then log in where everyone does; the first time, the portal
    sends a confirmation link to the address (Mailpit in the compose file)."""
    from django.core.management import call_command

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    call_command("createsuperuser", interactive=False, username="boss", email="boss@example.org", verbosity=0)
    response = log_in(client, "boss@example.org", PASSWORD)
    assert response["Location"] == "/accounts/confirm-email/" and not logged_in(client)
    [message] = mail.outbox
    link = re.search(r"https?://\S+(/accounts/confirm-email/\S+)", message.body).group(1)
    client.post(link)
    response = log_in(client, "boss@example.org", PASSWORD, QUERY_STRING="next=/admin/")
    assert response["Location"] == "/admin/" and client.get("/admin/").status_code == 200


def test_a_pages_and_a_documents_shared_password_cannot_be_guessed_either(client):
    """Wagtail's view restrictions by shared password are log-in forms too."""
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

    from cms.models import StandardPage

    page = StandardPage.objects.live().first()
    on_page = PageViewRestriction.objects.create(page=page, restriction_type="password", password="right-one")
    collection = Collection.get_first_root_node().add_child(name="ลับ")
    on_collection = CollectionViewRestriction.objects.create(
        collection=collection, restriction_type="password", password="right-one"
    )
    for url in (
        f"/_util/authenticate_with_password/{on_page.pk}/{page.pk}/",
        f"/documents/authenticate_with_password/{on_collection.pk}/",
    ):
        for number in range(20):
            client.post(url, {"password": f"wrong-{number}", "return_url": "/"})
        response = client.post(url, {"password": "right-one", "return_url": "/"})
        assert response.status_code == 429, url
        assert "ลองหลายครั้งเกินไป" in response.content.decode()
    assert on_page.pk not in client.session.get(PageViewRestriction.passed_view_restrictions_session_key, [])
    assert on_collection.pk not in client.session.get(
        CollectionViewRestriction.passed_view_restrictions_session_key, []
    )


def test_allauths_e_mails_greet_from_the_portal_not_from_its_host(client, make_volunteer, mailoutbox, settings):
    person = make_volunteer("forgetful")
    client.post("/accounts/password/reset/", {"email": person.email})
    (message,) = mailoutbox
    assert f"สวัสดีจาก {settings.WAGTAIL_SITE_NAME}!" in message.body
    assert "testserver" not in message.body.split("\n", 1)[0] and "testserver" in message.body  # the link stays
