import datetime
import pytest
from wagtail.models import Locale

from cms.demo_images import demo_image
from cms.models import AnnouncementIndexPage, AnnouncementPage


@pytest.fixture
def news_index(demo):
    """The demo's Thai announcement index, emptied so a test sees only the announcements it makes."""
    for page in AnnouncementPage.objects.all():
        page.delete()
    return AnnouncementIndexPage.objects.get(locale=Locale.objects.get(language_code="th"))


@pytest.fixture
def make_announcement(news_index):
    """Publish an announcement under the Thai index: make_announcement(title, photos=3, tags=[...], ...)."""

    def make(title, photos=0, tags=(), date=datetime.date(2020, 8, 1), body_text="", **fields):
        images = [demo_image(f"Test photo {n:02d}", f"ภาพ {n}", n) for n in range(1, photos + 1)]
        body = [("paragraph", f"<p>{body_text}</p>")] if body_text else []
        if images:
            body.append(
                ("gallery", {"title": "ภาพ", "photos": [{"image": i, "alt_text": f"ภาพที่ {n}", "caption": ""} for n, i in enumerate(images, 1)]})
            )
        fields.setdefault("summary", f"สรุป {title}")
        page = news_index.add_child(instance=AnnouncementPage(title=title, date=date, body=body, **fields))
        if tags:
            page.tags.add(*tags)
        page.save_revision().publish()
        return AnnouncementPage.objects.get(pk=page.pk)

    return make
