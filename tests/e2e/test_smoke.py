import pytest


def _fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_home_page_on_a_phone_is_thai_and_switches_to_english_and_back(site, phone, screenshot):
    phone.goto(site + "/")
    assert phone.locator("html").get_attribute("lang") == "th"
    assert phone.locator("h1").inner_text() == "พอร์ทัลอาสาสมัครพัฒนาสังคม"
    assert phone.get_by_role("link", name="ข้ามไปยังเนื้อหา").count() == 1
    assert _fits_the_screen(phone)
    screenshot(phone, "home-th-phone")

    phone.get_by_role("link", name="English").click()
    phone.wait_for_url(site + "/en/")
    assert phone.locator("html").get_attribute("lang") == "en"
    assert phone.locator("h1").inner_text() == "Community Volunteer Portal"
    assert _fits_the_screen(phone)
    screenshot(phone, "home-en-phone")

    phone.get_by_role("link", name="ไทย").click()
    phone.wait_for_url(site + "/")
    assert phone.locator("html").get_attribute("lang") == "th"
