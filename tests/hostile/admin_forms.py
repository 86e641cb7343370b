"""How the hostile admin tests post the Wagtail admin's forms as the browser does, and check what came back."""

import io
import json

from django.utils.html import escape
from PIL import Image as PillowImage
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import AnnouncementPage
from tests.hostile.typed import THAI, assert_safe, strings_in


def shown_safely(response):
    """The page a person opened, checked: it came up, and nothing typed into it runs."""
    assert response.status_code == 200
    assert_safe(response)
    return response.content.decode()


def messages_shown(response):
    """Every error message the form shows beside its fields, its inline rows and its stream blocks."""
    form = response.context["form"]
    for errors in form.errors.values():
        for error in errors.as_data():
            if hasattr(error, "as_json_data"):  # a stream block's errors, shown by the block
                yield from strings_in(error.as_json_data())
            else:
                yield from error.messages
    for formset in getattr(form, "formsets", {}).values():
        for row_errors in formset.errors:
            for errors in row_errors.values():
                yield from errors
        yield from formset.non_form_errors()


def assert_refused_in_thai(response):
    assert response.status_code == 200
    assert_safe(response)
    shown = list(messages_shown(response)) + [str(message) for message in response.context["messages"]]
    assert shown, "the form came back without saying what is wrong"
    untranslated = [message for message in shown if not THAI.search(message)]
    assert not untranslated, f"messages not in Thai: {untranslated}"


def png():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (40, 30), "green").save(buffer, "PNG")
    return buffer.getvalue()


def announcement_form(**changes):
    fields = {
        "title": "ข่าวกิจกรรมจิตอาสา",
        "slug": "volunteer-news",
        "date": "2026-11-29",
        "place": "",
        "summary": "สรุปข่าว",
        "cover_image": "",
        "cover_alt_text": "",
        "tags": "",
        "seo_title": "",
        "search_description": "",
        "go_live_at": "",
        "expire_at": "",
        "body": streamfield([]),
        "related_links": inline_formset([]),
        "contacts": inline_formset([]),
    }
    fields.update(changes)
    return nested_form_data(fields)


def draftail(text, link=None):
    """The rich text editor's own format (Draft.js content), as the browser sends it: one paragraph,
    all of it a link to `link` if given."""
    entities = {"0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": link}}} if link else {}
    block = {
        "key": "a1b2c",
        "type": "unstyled",
        "depth": 0,
        "text": text,
        "inlineStyleRanges": [],
        "entityRanges": [{"offset": 0, "length": len(text), "key": 0}] if link else [],
    }
    return json.dumps({"blocks": [block], "entityMap": entities})


def create_announcement(client, news_index, data):
    return client.post(f"/admin/pages/add/cms/announcementpage/{news_index.pk}/", data)


def publish_as_approver(client, staff, page, data):
    """The approver opens the draft and presses Publish, which posts the same form again."""
    client.force_login(staff["approver"])
    response = client.post(f"/admin/pages/{page.pk}/edit/", {**data, "action-publish": "action-publish"})
    assert response.status_code == 302, list(messages_shown(response))
    client.logout()
    return page.specific_class.objects.get(pk=page.pk)


def assert_shown_escaped_to_everyone(client, staff, news_index, data, typed):
    """The editor's draft preview, the approver's publish and the visitor's page all show `typed` as text."""
    page = AnnouncementPage.objects.get(slug=data["slug"])
    shown_safely(client.get(f"/admin/pages/{page.pk}/view_draft/"))
    shown_safely(client.get(f"/admin/pages/{page.pk}/edit/"))
    shown_safely(client.get(f"/admin/pages/{news_index.pk}/"))
    published = publish_as_approver(client, staff, page, data)
    assert published.live
    assert escape(typed) in shown_safely(client.get(published.url))
    shown_safely(client.get(news_index.url))
    return published
