"""Wagtail's top collection carries a Thai name, so the upload forms' collection list is Thai throughout."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Collection

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("form", ["/admin/images/multiple/add/", "/admin/documents/multiple/add/"])
def test_the_upload_forms_list_the_top_collection_in_thai(client, demo, form):
    Collection.get_first_root_node().add_child(name="อัลบั้มภาพกิจกรรม")  # with two, the form asks which
    client.force_login(get_user_model().objects.get(username="editor"))
    html = client.get(form).content.decode()
    choices = html.split('name="collection"', 1)[1].split("</select>", 1)[0]
    assert "ส่วนกลาง" in choices and "อัลบั้มภาพกิจกรรม" in choices
    assert "Root" not in choices
