"""Wagtail looks up a chosen image, document, page or snippet by the id the form posted, and expects a
number: any other id (a form posted by a script, a tampered request) was a server error. Here such an
id means "no such object", as an id that no longer exists does, so the form comes back with its usual
message beside the field."""

import functools

from django.core.exceptions import ValidationError
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.blocks.field_block import ChooserBlock


def _none_for_an_id_of_the_wrong_kind(look_up):
    @functools.wraps(look_up)
    def look_up_or_none(self, value):
        try:
            return look_up(self, value)
        except (ValueError, TypeError, ValidationError):
            return None

    look_up_or_none.forgives_wrong_ids = True
    return look_up_or_none


def forgive_ids_of_the_wrong_kind():
    for owner, name in ((BaseChooser, "get_instance"), (ChooserBlock, "value_from_form")):
        look_up = getattr(owner, name)
        if not getattr(look_up, "forgives_wrong_ids", False):
            setattr(owner, name, _none_for_an_id_of_the_wrong_kind(look_up))
