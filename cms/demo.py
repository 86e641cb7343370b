"""Demo content for the website, modelled on the reference programme: a sub-district welfare
training in Tak province, announced before and after, in Thai with an English translation."""

import datetime
from urllib.parse import urlparse

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .demo_images import demo_image
from .models import (
    AnnouncementContact,
    AnnouncementIndexPage,
    AnnouncementPage,
    Contact,
    HomePage,
    OrganisationSettings,
    StandardPage,
)

SITE_NAME = "พอร์ทัลอาสาสมัครพัฒนาสังคม"

HOME = {
    "th": {
        "title": "พอร์ทัลอาสาสมัครพัฒนาสังคม",
        "intro": (
            "<p>ลงทะเบียนร่วมกิจกรรมอาสาสมัคร ติดตามข่าวประกาศ และรับเกียรติบัตร "
            "จากศูนย์พัฒนาราษฎรบนพื้นที่สูงจังหวัดตาก ร่วมกับองค์การบริหารส่วนตำบลด่านแม่ละเมา</p>"
        ),
    },
    "en": {
        "title": "Community Volunteer Portal",
        "intro": (
            "<p>Register for volunteer activities, follow announcements and receive certificates from the "
            "Highland Population Development Centre of Tak province and the Dan Mae Lamao "
            "sub-district administrative organisation.</p>"
        ),
    },
}

INDEX = {
    "th": {"title": "ข่าวประกาศ", "slug": "news", "intro": "<p>ข่าวก่อนและหลังกิจกรรมอาสาสมัครทุกครั้ง</p>"},
    "en": {"title": "Announcements", "slug": "news", "intro": "<p>News before and after every volunteer event.</p>"},
}

ORGANISATION = {
    "name": "ศูนย์พัฒนาราษฎรบนพื้นที่สูงจังหวัดตาก",
    "name_en": "Highland Population Development Centre, Tak Province",
    "address": "ตำบลด่านแม่ละเมา อำเภอแม่สอด\nจังหวัดตาก",
    "phone": "055-000-000",
    "email": "contact@example.org",
    "line_official_account": "@example-tak",
    "footer_text": "ร่วมกับองค์การบริหารส่วนตำบลด่านแม่ละเมา · กรมพัฒนาสังคมและสวัสดิการ",
    "footer_text_en": "With the Dan Mae Lamao Sub-district Administrative Organisation · "
    "Department of Social Development and Welfare",
}

# (Thai caption on the photo and alt text, English alt text)
ALBUM = [
    ("ลงทะเบียนผู้เข้าอบรม", "ผู้เข้าอบรมลงทะเบียนหน้าห้องประชุม อบต.", "Participants registering at the meeting room"),
    ("พิธีเปิดการอบรม", "ผู้บริหาร อบต. กล่าวเปิดการอบรม", "The sub-district chief opening the training"),
    ("บรรยายศาสตร์พระราชา", "วิทยากรบรรยายเรื่องศาสตร์พระราชา", "A lecture on the King's philosophy"),
    ("ฟังบรรยาย", "เด็กและเยาวชนตั้งใจฟังการบรรยาย", "Children and youth listening to the lecture"),
    ("ระดมความคิด", "กลุ่มย่อยระดมความคิดเรื่องนวัตกรรมสังคม", "A small group brainstorming social innovations"),
    ("นำเสนอผลงานกลุ่ม", "ตัวแทนกลุ่มนำเสนอแนวคิดนวัตกรรม", "A group presenting its innovation idea"),
    ("เตรียมลงพื้นที่", "อพม. เตรียมความพร้อมก่อนเยี่ยมบ้าน", "Volunteers preparing for the home visits"),
    ("เยี่ยมบ้าน", "การเยี่ยมบ้านผู้ประสบปัญหาทางสังคม", "Visiting a socially vulnerable family"),
    ("มอบสิ่งของ", "มอบถุงยังชีพให้ครอบครัวที่เยี่ยม", "Handing over a care package"),
    ("จิตอาสาพัฒนาวัด", "จิตอาสาทำความสะอาดลานวัด", "Volunteers cleaning the temple grounds"),
    ("ปลูกต้นไม้", "เยาวชนร่วมปลูกต้นไม้ในวัด", "Youth planting trees at the temple"),
    ("ภาพหมู่", "ภาพหมู่ผู้เข้าอบรมทั้ง 70 คน", "Group photo of all 70 participants"),
]

TRAINING = {
    "th": {
        "title": "อบรมเสริมพลังเครือข่ายนวัตกรสังคมชุมชน ตำบลด่านแม่ละเมา",
        "slug": "training-social-innovators-dan-mae-lamao",
        "place": "อบต.ด่านแม่ละเมา อำเภอแม่สอด จังหวัดตาก",
        "summary": (
            "ศูนย์พัฒนาราษฎรบนพื้นที่สูงจังหวัดตาก ร่วมกับ อบต.ด่านแม่ละเมา อบรมเด็ก เยาวชน อพม. "
            "และภาคีเครือข่าย 70 คน ให้เป็นนวัตกรสังคมของชุมชน ภายใต้โครงการตำบลสร้างเสริมสวัสดิการสังคม"
        ),
        "paragraphs": [
            (
                "<p>ศูนย์พัฒนาราษฎรบนพื้นที่สูงจังหวัดตาก ร่วมกับองค์การบริหารส่วนตำบลด่านแม่ละเมา อำเภอแม่สอด "
                "จังหวัดตาก จัดการอบรมเสริมพลังเครือข่ายนวัตกรสังคมชุมชน ภายใต้โครงการตำบลสร้างเสริมสวัสดิการสังคม "
                "ประจำปีงบประมาณ พ.ศ. 2563 ตามแนวทางการขับเคลื่อน Shift and Share ผู้เข้าร่วมรวม 70 คน "
                "จากสี่กลุ่มเป้าหมาย ได้แก่ เด็ก เยาวชน อาสาสมัครพัฒนาสังคมและความมั่นคงของมนุษย์ (อพม.) "
                "และภาคีเครือข่ายในพื้นที่</p>"
            ),
            (
                "<p>ช่วงเช้าเริ่มด้วยการบรรยายเรื่องศาสตร์พระราชากับการพัฒนาที่ยั่งยืน "
                "ต่อด้วยการแบ่งกลุ่มฝึกคิดนวัตกรรมสังคมจากปัญหาจริงในหมู่บ้าน "
                "แต่ละกลุ่มนำเสนอแนวคิดที่นำไปทำต่อได้ในชุมชนของตน</p>"
            ),
            (
                "<p>ภาคบ่ายผู้เข้าอบรมลงพื้นที่การเยี่ยมบ้านผู้ประสบปัญหาทางสังคมร่วมกับ อพม. ในหมู่บ้าน "
                "และในวันถัดมาร่วมกิจกรรมจิตอาสาพัฒนาวัด เนื่องในโอกาสวันเฉลิมพระชนมพรรษา</p>"
            ),
        ],
        "heading": "กิจกรรมตลอดการอบรม",
        "quote": "ได้เรียนรู้ว่าการดูแลเพื่อนบ้านเริ่มได้จากสิ่งเล็ก ๆ ในชุมชนของเราเอง",
        "attribution": "ตัวแทนเยาวชนผู้เข้าอบรม",
        "album_title": "ภาพกิจกรรม",
        "cover_alt": "ผู้เข้าอบรมทั้ง 70 คนถ่ายภาพหมู่หน้าอาคาร อบต.",
    },
    "en": {
        "title": "Training a network of community social innovators in Dan Mae Lamao",
        "place": "Dan Mae Lamao SAO, Mae Sot district, Tak",
        "summary": (
            "The Highland Population Development Centre of Tak and the Dan Mae Lamao SAO trained 70 children, "
            "youth, social development volunteers and local partners as community social innovators."
        ),
        "paragraphs": [
            (
                "<p>The Highland Population Development Centre of Tak province, with the Dan Mae Lamao Sub-district "
                "Administrative Organisation in Mae Sot district, held a training to empower a network of community "
                "social innovators, part of the 2020 “sub-district that strengthens social welfare” programme under "
                "the Shift and Share drive. Seventy people took part from four groups: children, youth, social "
                "development and human security volunteers (OPM volunteers) and local network partners.</p>"
            ),
            (
                "<p>The morning opened with a lecture on the King's philosophy for sustainable development, followed "
                "by group workshops on social-innovation thinking built on real problems from the villages.</p>"
            ),
            (
                "<p>In the afternoon participants joined village volunteers on home visits to socially vulnerable "
                "families, and the next day they cleaned a temple as volunteers in honour of Their Majesties' "
                "birthdays.</p>"
            ),
        ],
        "heading": "What the training covered",
        "quote": "I learned that caring for our neighbours starts with small things in our own community.",
        "attribution": "A youth participant",
        "album_title": "Photos",
        "cover_alt": "All 70 participants in a group photo in front of the SAO building",
    },
}

CALL_FOR_PARTICIPANTS = {
    "th": {
        "title": "เปิดรับสมัครผู้เข้าอบรมนวัตกรสังคมชุมชน 70 ที่นั่ง",
        "slug": "call-for-participants-social-innovators",
        "place": "อบต.ด่านแม่ละเมา",
        "summary": "รับสมัครเด็ก เยาวชน อพม. และภาคีเครือข่าย ร่วมอบรมเสริมพลังนวัตกรสังคมชุมชน สมัครผ่านพอร์ทัลนี้",
        "paragraph": "<p>ผู้สนใจสมัครได้ทางพอร์ทัลอาสาสมัคร เด็กและเยาวชนอายุต่ำกว่า 20 ปี "
        "ต้องได้รับความยินยอมจากผู้ปกครองก่อนลงทะเบียน</p>",
    },
    "en": {
        "title": "Call for participants: community social innovators training, 70 seats",
        "place": "Dan Mae Lamao SAO",
        "summary": "Children, youth, volunteers and partners are invited to the social innovators training. "
        "Register through this portal.",
        "paragraph": "<p>Register through the volunteer portal. Children and youth under 20 need a guardian's "
        "consent before they register.</p>",
    },
}

STANDARD_PAGES = [
    {
        "slug": "about",
        "th": ("เกี่ยวกับเรา", "พอร์ทัลนี้ช่วยให้ชุมชนร่วมกิจกรรมอาสาสมัครพัฒนาสังคมได้ง่ายขึ้น"),
        "en": ("About us", "This portal makes it easier for the community to take part in volunteer work."),
    },
    {
        "slug": "privacy",
        "th": ("ประกาศความเป็นส่วนตัว", "เราเก็บข้อมูลส่วนบุคคลเท่าที่จำเป็นต่อการจัดกิจกรรม ตาม พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562"),
        "en": ("Privacy notice", "We keep only the personal data a programme needs, under Thailand's PDPA (2019)."),
    },
    {
        "slug": "contact",
        "th": ("ติดต่อเรา", "ติดต่อศูนย์พัฒนาราษฎรบนพื้นที่สูงจังหวัดตาก หรือ อบต.ด่านแม่ละเมา"),
        "en": ("Contact us", "Contact the Highland Population Development Centre of Tak or the Dan Mae Lamao SAO."),
    },
]


def _publish(page, values):
    values = dict(values)
    if "tags" in values:
        page.tags.set(values.pop("tags"))
    for field, value in values.items():
        setattr(page, field, value)
    page.save_revision().publish()
    return page


def _translate(page, locale, values, log):
    existing = page.get_translation_or_none(locale)
    if existing:
        return existing
    translation = page.copy_for_translation(locale)
    _publish(translation, values)
    log(f"Created the English page “{translation.title}”")
    return translation


def _training_body(language, photos):
    text = TRAINING[language]
    alt_index = 1 if language == "th" else 2
    body = [("paragraph", text["paragraphs"][0]), ("heading", {"text": text["heading"], "level": "h2"})]
    body += [("paragraph", paragraph) for paragraph in text["paragraphs"][1:]]
    body.append(("quote", {"quote": text["quote"], "attribution": text["attribution"]}))
    body.append(
        (
            "gallery",
            {
                "title": text["album_title"],
                "photos": [
                    {"image": image, "alt_text": album_row[alt_index], "caption": album_row[alt_index]}
                    for image, album_row in zip(photos, ALBUM)
                ],
            },
        )
    )
    return body


def _site(home):
    address = urlparse(settings.SITE_URL)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname = address.hostname or "localhost"
    site.port = address.port or (443 if address.scheme == "https" else 80)
    site.site_name, site.root_page = SITE_NAME, home
    site.save()
    return site


@transaction.atomic
def load(log):
    thai, _ = Locale.objects.get_or_create(language_code="th")
    english, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()

    home = HomePage.objects.filter(locale=thai).first()
    if home is None:
        home = root.add_child(instance=HomePage(slug="portal", locale=thai, **HOME["th"]))
        _publish(home, HOME["th"])
        log("Created the Thai home page")
    site = _site(home)

    # Wagtail's "Welcome to your new Wagtail site!" placeholder, once nothing points at it.
    for placeholder in Page.objects.filter(depth=2, content_type__model="page", content_type__app_label="wagtailcore"):
        placeholder.delete()
        log("Removed Wagtail's placeholder page")
    _translate(home, english, HOME["en"], log)

    OrganisationSettings.objects.update_or_create(site=site, defaults=ORGANISATION)

    index = AnnouncementIndexPage.objects.filter(locale=thai).first()
    if index is None:
        index = home.add_child(instance=AnnouncementIndexPage(locale=thai, **INDEX["th"]))
        _publish(index, {})
        log("Created the announcement index")
    _translate(index, english, {"title": INDEX["en"]["title"], "intro": INDEX["en"]["intro"]}, log)

    for spec in STANDARD_PAGES:
        page = StandardPage.objects.filter(locale=thai, slug=spec["slug"]).first()
        if page is None:
            title, intro = spec["th"]
            page = home.add_child(instance=StandardPage(locale=thai, slug=spec["slug"], title=title, intro=intro))
            _publish(page, {})
            log(f"Created the page “{title}”")
        title, intro = spec["en"]
        _translate(page, english, {"title": title, "intro": intro}, log)

    _load_announcements(index, english, log)


def _load_announcements(index, english, log):
    if AnnouncementPage.objects.filter(slug=TRAINING["th"]["slug"], locale=index.locale).exists():
        return
    photos = [demo_image(f"Demo album {n:02d}", caption, n) for n, (caption, _, _) in enumerate(ALBUM, start=1)]
    contact, _ = Contact.objects.get_or_create(
        name="งานพัฒนาสังคม ศูนย์พัฒนาราษฎรบนพื้นที่สูงจังหวัดตาก",
        defaults={"role": "ผู้ประสานงานโครงการ", "phone": "055-000-000", "email": "contact@example.org"},
    )

    call = CALL_FOR_PARTICIPANTS["th"]
    call_page = index.add_child(
        instance=AnnouncementPage(
            title=call["title"],
            slug=call["slug"],
            place=call["place"],
            summary=call["summary"],
            date=datetime.date(2020, 7, 1),
            cover_image=photos[0],
            cover_alt_text=ALBUM[0][1],
            body=[("paragraph", call["paragraph"])],
        )
    )
    call_page.tags.add("อบรม", "รับสมัคร")
    _publish(call_page, {})

    text = TRAINING["th"]
    training = index.add_child(
        instance=AnnouncementPage(
            title=text["title"],
            slug=text["slug"],
            place=text["place"],
            summary=text["summary"],
            date=datetime.date(2020, 7, 24),
            cover_image=photos[-1],
            cover_alt_text=text["cover_alt"],
            body=_training_body("th", photos),
        )
    )
    training.tags.add("อบรม", "อพม.", "ตำบลสร้างเสริมสวัสดิการสังคม")
    training.contacts.add(AnnouncementContact(contact=contact))
    _publish(training, {})
    log(f"Created the announcement “{training.title}” with a {len(photos)}-photo album")

    en_call = CALL_FOR_PARTICIPANTS["en"]
    _translate(
        call_page,
        english,
        {
            "title": en_call["title"],
            "place": en_call["place"],
            "summary": en_call["summary"],
            "body": [("paragraph", en_call["paragraph"])],
            "cover_alt_text": ALBUM[0][2],
            "tags": ["training", "call for participants"],
        },
        log,
    )
    en = TRAINING["en"]
    _translate(
        training,
        english,
        {
            "title": en["title"],
            "place": en["place"],
            "summary": en["summary"],
            "body": _training_body("en", photos),
            "cover_alt_text": en["cover_alt"],
            "tags": ["training", "volunteers", "social welfare"],
        },
        log,
    )
