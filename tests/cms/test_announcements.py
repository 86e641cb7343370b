import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import AnnouncementPage

pytestmark = pytest.mark.django_db
TRAINING = "/news/training-social-innovators-dan-mae-lamao/"


def _queries(client, url):
    client.get(url)  # the first view makes image renditions; count a normal visit
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_announcement_page_shows_its_date_line_in_buddhist_era_in_thai(client, demo):
    html = client.get(TRAINING).content.decode()
    assert "วันศุกร์ที่ 24 กรกฎาคม พ.ศ. 2563" in html
    assert "อบต.ด่านแม่ละเมา อำเภอแม่สอด จังหวัดตาก" in html
    assert "2020" not in re.sub(r"<[^>]+>", "", html.split('class="dateline"')[1].split("</p>")[0])


def test_english_announcement_shows_gregorian_dates(client, demo):
    html = client.get("/en" + TRAINING).content.decode()
    assert "Friday 24 July 2020" in html
    assert "2563" not in html.split('class="dateline"')[1].split("</p>")[0]
    index = client.get("/en/news/").content.decode()
    assert "24 Jul 2020" in index and '<option value="2020">2020</option>' in index


def test_index_lists_newest_first_with_buddhist_era_years(client, demo):
    response = client.get("/news/")
    titles = [page.title for page in response.context["announcements"]]
    assert titles == ["อบรมเสริมพลังเครือข่ายนวัตกรสังคมชุมชน ตำบลด่านแม่ละเมา", "เปิดรับสมัครผู้เข้าอบรมนวัตกรสังคมชุมชน 70 ที่นั่ง"]
    html = response.content.decode()
    assert '<option value="2020">2563</option>' in html
    assert "24 ก.ค. 2563" in html


def test_index_filters_by_tag_and_year(client, make_announcement):
    make_announcement("ข่าวอบรม 2563", tags=["อบรม"])
    make_announcement("ข่าวจิตอาสา 2563", tags=["จิตอาสา"])
    import datetime

    make_announcement("ข่าวอบรม 2564", tags=["อบรม"], date=datetime.date(2021, 3, 1))
    titles = lambda response: [page.title for page in response.context["announcements"]]
    assert titles(client.get("/news/", {"tag": "อบรม"})) == ["ข่าวอบรม 2564", "ข่าวอบรม 2563"]
    assert titles(client.get("/news/", {"year": "2021"})) == ["ข่าวอบรม 2564"]
    assert titles(client.get("/news/", {"tag": "อบรม", "year": "2020"})) == ["ข่าวอบรม 2563"]


def test_index_is_paginated_and_keeps_the_filter_in_page_links(client, make_announcement):
    for n in range(12):
        make_announcement(f"ข่าว {n}", tags=["อบรม"])
    first = client.get("/news/", {"tag": "อบรม"})
    assert len(first.context["announcements"]) == 10
    assert "?tag=%E0%B8%AD%E0%B8%9A%E0%B8%A3%E0%B8%A1&amp;page=2" in first.content.decode()
    assert len(client.get("/news/", {"tag": "อบรม", "page": 2}).context["announcements"]) == 2


@pytest.mark.parametrize(
    "query",
    [
        "page=999",
        "page=0",
        "page=-3",
        "page=abc",
        "page=",
        "tag=ไม่มีแท็กนี้",
        "tag=" + "ก" * 500,
        "year=abc",
        "year=99999",
        "year=2563",
        "tag=<script>",
        "year=2020&page=50",
    ],
)
def test_odd_index_queries_get_a_normal_page(client, demo, query):
    response = client.get("/news/?" + query)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1]


def test_an_unknown_tag_says_nothing_matches(client, demo):
    html = client.get("/news/", {"tag": "ไม่มีแท็กนี้"}).content.decode()
    assert "ยังไม่มีข่าวประกาศตามที่เลือก" in html


def test_a_very_long_title_renders(client, make_announcement):
    page = make_announcement("ก" * 255, photos=1)
    response = client.get(page.url)
    assert response.status_code == 200
    assert "ก" * 255 in response.content.decode()


def test_gallery_photos_have_alt_text_responsive_sources_and_lazy_loading(client, demo):
    html = client.get(TRAINING).content.decode()
    gallery = html.split("data-gallery")[1].split("</section>")[0]
    assert gallery.count('class="gallery__item"') == 12
    assert gallery.count('type="image/webp"') == 12
    assert gallery.count('loading="lazy"') == 12
    assert 'alt="การเยี่ยมบ้านผู้ประสบปัญหาทางสังคม"' in gallery
    assert "srcset=" in gallery and " 480w" in gallery
    # Without JavaScript each photo is a plain link to its large version.
    assert re.search(r'<a class="gallery__item" href="/media/images/[^"]+\.webp"', gallery)


def test_sharing_meta_and_buttons(client, demo):
    html = client.get(TRAINING).content.decode()
    url = "http://testserver" + TRAINING
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="อบรมเสริมพลังเครือข่ายนวัตกรสังคมชุมชน ตำบลด่านแม่ละเมา">' in html
    assert re.search(r'<meta property="og:image" content="http://testserver/media/images/[^"]+\.jpg">', html)
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert "https://social-plugins.line.me/lineit/share?url=http%3A%2F%2Ftestserver%2Fnews%2F" in html
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2Fnews%2F" in html
    assert f'data-copy-url="{url}"' in html


def test_language_switch_on_an_announcement_goes_to_its_translation(client, demo):
    html = client.get(TRAINING).content.decode()
    assert f'<a href="/en{TRAINING}" hreflang="en" lang="en">English</a>' in html
    assert f'<link rel="alternate" hreflang="en" href="http://testserver/en{TRAINING}">' in html


def test_home_page_shows_latest_announcements_and_organisation_contacts(client, demo):
    html = client.get("/").content.decode()
    assert "ข่าวประกาศล่าสุด" in html
    assert "อบรมเสริมพลังเครือข่ายนวัตกรสังคมชุมชน ตำบลด่านแม่ละเมา" in html
    assert "ศูนย์พัฒนาราษฎรบนพื้นที่สูงจังหวัดตาก" in html and "https://line.me/R/ti/p/@example-tak" in html
    english = client.get("/en/").content.decode()
    assert "Training a network of community social innovators" in english
    assert "Highland Population Development Centre, Tak Province" in english


def test_standard_pages_exist_in_both_languages(client, demo):
    for path, text in [
        ("/about/", "เกี่ยวกับเรา"),
        ("/privacy/", "ประกาศความเป็นส่วนตัว"),
        ("/en/privacy/", "Privacy notice"),
    ]:
        response = client.get(path)
        assert response.status_code == 200 and text in response.content.decode()


@pytest.mark.parametrize("url", ["/", "/news/", "/search/?q=อบรม"])
def test_listing_queries_do_not_grow_with_the_number_of_announcements(client, make_announcement, url):
    for n in range(2):
        make_announcement(f"อบรมรุ่น {n}", photos=1, tags=["อบรม", "ข่าว"])
    few = _queries(client, url)
    for n in range(2, 14):
        make_announcement(f"อบรมรุ่น {n}", photos=1, tags=["อบรม", "ข่าว"])
    assert _queries(client, url) == few


def test_announcement_page_queries_do_not_grow_with_gallery_photos(client, make_announcement):
    small = make_announcement("อัลบั้มเล็ก", photos=2, tags=["อบรม"])
    large = make_announcement("อัลบั้มใหญ่", photos=12, tags=["อบรม"])
    assert _queries(client, large.url) == _queries(client, small.url)


@pytest.mark.parametrize("url", ["/", "/news/", TRAINING, "/en" + TRAINING, "/search/?q=อบรม", "/about/"])
def test_every_public_page_weighs_under_100_kb_before_images(client, demo, url):
    html = client.get(url).content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+\.(?:css|js))"', html)
    assert assets, "the page should load the site's CSS and JS"
    total = len(html) + sum(Path(finders.find(asset.decode())).stat().st_size for asset in assets)
    assert total < 100 * 1024, f"{url} weighs {total} bytes"


def test_feeds_list_announcements_in_each_language(client, demo):
    rss = client.get("/feed/")
    assert rss.status_code == 200 and rss["Content-Type"].startswith("application/rss+xml")
    body = rss.content.decode()
    assert "<language>th</language>" in body
    assert "<title>อบรมเสริมพลังเครือข่ายนวัตกรสังคมชุมชน ตำบลด่านแม่ละเมา</title>" in body
    assert "<category>อพม.</category>" in body
    atom = client.get("/en/feed/atom/")
    assert atom.status_code == 200 and 'xml:lang="en"' in atom.content.decode()
    assert "Training a network of community social innovators in Dan Mae Lamao" in atom.content.decode()


def test_sitemap_lists_live_pages_of_both_languages_and_robots_points_at_it(client, demo, make_announcement):
    draft = make_announcement("ร่างที่ยังไม่เผยแพร่")
    draft.unpublish()
    body = client.get("/sitemap.xml").content.decode()
    locations = re.findall(r"<loc>([^<]+)</loc>", body)
    paths = {re.sub(r"^https?://[^/]+", "", location) for location in locations}
    assert {"/", "/en/", "/news/", "/en/news/", "/privacy/", "/en/privacy/"} <= paths
    assert draft.url not in paths
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots and "Disallow: /admin/" in robots


def test_announcement_search_text_follows_the_published_content(make_announcement):
    page = make_announcement("ข่าว", body_text="ข้อความเดิม")
    assert "ข้อความเดิม" in page.search_text
    page.body = [("paragraph", "<p>ข้อความใหม่ &amp; แก้ไข</p>")]
    page.save_revision()  # a draft does not change what the public search sees
    assert "ข้อความเดิม" in AnnouncementPage.objects.get(pk=page.pk).search_text
    page.get_latest_revision().publish()
    assert "ข้อความใหม่ & แก้ไข" in AnnouncementPage.objects.get(pk=page.pk).search_text


def test_an_event_card_in_an_announcement_shows_seats_and_the_way_to_register(client, demo):
    from portal.events.models import Event

    event = Event.objects.get(capacity=70)
    html = client.get("/news/call-for-participants-social-innovators/").content.decode()
    card = html.split('class="event-card-block"')[1].split("</aside>")[0]
    assert event.title in card and "ลงทะเบียนแล้ว 0 จาก 70 ที่นั่ง" in card
    assert f'href="/events/{event.pk}/"' in card
    Event.objects.filter(pk=event.pk).update(status="cancelled")
    html = client.get("/news/call-for-participants-social-innovators/").content.decode()
    assert f"กิจกรรม “{event.title}” ถูกยกเลิกแล้ว" in html and 'class="event-card-block"' not in html
