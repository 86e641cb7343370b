"""Editors draft and submit; Approvers approve or reject with a comment; scheduled posts go live
when beat runs Wagtail's publishing task."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Workflow

from cms.models import AnnouncementPage
from cms.tasks import publish_scheduled_pages
from tests.portal.thai.pdf_text import shown_text

pytestmark = pytest.mark.django_db


def _user(username):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def draft(news_index):
    page = news_index.add_child(
        instance=AnnouncementPage(title="ร่างข่าวกิจกรรม", summary="สรุป", live=False, date=datetime.date(2020, 9, 3))
    )
    page.save_revision(user=_user("editor"))
    return page


def test_editors_can_edit_but_not_publish_and_approvers_can_publish(draft):
    editor_permissions = draft.permissions_for_user(_user("editor"))
    assert editor_permissions.can_edit() and not editor_permissions.can_publish()
    approver_permissions = draft.permissions_for_user(_user("approver"))
    assert approver_permissions.can_publish()
    assert not draft.permissions_for_user(_user("volunteer")).can_edit()
    assert not draft.permissions_for_user(_user("coordinator")).can_edit()


def test_submitted_page_is_published_when_an_approver_approves(draft):
    workflow = draft.get_workflow()
    assert workflow.name == "ตรวจทานก่อนเผยแพร่"
    state = workflow.start(draft, _user("editor"))
    assert not AnnouncementPage.objects.get(pk=draft.pk).live
    task_state = state.current_task_state
    assert not task_state.task.specific.user_can_access_editor(draft, _user("volunteer"))
    task_state.task.specific.on_action(task_state, _user("approver"), "approve", comment="เรียบร้อย")
    published = AnnouncementPage.objects.get(pk=draft.pk)
    assert published.live
    state.refresh_from_db()
    assert state.status == "approved"


def test_rejection_keeps_the_page_unpublished_with_the_approvers_comment(draft):
    state = draft.get_workflow().start(draft, _user("editor"))
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, _user("approver"), "reject", comment="โปรดเพิ่มภาพกิจกรรม")
    assert not AnnouncementPage.objects.get(pk=draft.pk).live
    task_state.refresh_from_db()
    assert task_state.status == "rejected"
    assert task_state.comment == "โปรดเพิ่มภาพกิจกรรม"


def test_only_approvers_are_asked_to_review():
    workflow = Workflow.objects.get(name="ตรวจทานก่อนเผยแพร่")
    [task] = [task.specific for task in workflow.tasks.all()]
    assert [group.name for group in task.groups.all()] == ["Approvers"]


def test_a_scheduled_post_goes_live_when_the_beat_task_runs(draft, client):
    draft.go_live_at = timezone.now() + datetime.timedelta(minutes=1)
    draft.save_revision(user=_user("approver")).publish(user=_user("approver"))
    revision = draft.get_latest_revision()
    assert revision.approved_go_live_at == draft.go_live_at
    publish_scheduled_pages()
    assert not AnnouncementPage.objects.get(pk=draft.pk).live  # not due yet

    # A minute later: the approved moment has passed.
    moment = timezone.now() - datetime.timedelta(seconds=5)
    revision.approved_go_live_at = moment
    revision.content["go_live_at"] = moment.isoformat()
    revision.save()
    publish_scheduled_pages()
    page = AnnouncementPage.objects.get(pk=draft.pk)
    assert page.live
    assert client.get(page.url).status_code == 200


def test_the_admin_speaks_thai_by_default(client, demo):
    client.login(username="editor", password="demo-2563")
    html = client.get("/admin/").content.decode()
    assert '<html lang="th"' in html
    assert "หน้าหลัก" in html  # "Dashboard"


def test_approvers_are_asked_to_review_in_thai(draft, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft.get_workflow().start(draft, _user("editor"))
    to_approver = [message for message in mailoutbox if _user("approver").email in message.to]
    assert to_approver
    for message in to_approver:
        html = [piece for body, _type in message.alternatives for piece in shown_text(body)]
        text = "\n".join([message.subject, message.body, *html])
        assert not re.search(r"[A-Za-z]{3,}", re.sub(r"https?://\S+", "", text)), text
    assert "ถูกส่งมาให้อนุมัติในขั้นตรวจทาน" in to_approver[0].subject
