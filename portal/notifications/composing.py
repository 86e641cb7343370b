"""Messages composed when they are sent. A caller may record a ledger row with what the message is
about (its kind, subject and recipient) and, instead of the finished words, `compose_when_sent(name)`;
the function registered under `name` composes the content from the row when it is first read, which
is when the worker sends it. The finished content is then kept in the row, as for every other row.

This keeps a sign-up's lock free of rendering (the message, its .ics and its LINE body) and makes a
message say what is true when it leaves."""

from django.db import models
from django.db.models.query_utils import DeferredAttribute

COMPOSE_KEY = "composed_when_sent"
COMPOSERS = {}


def register_composer(name, compose):
    """`compose(row, about)` returns the row's content dict, or {} when what it was about is gone;
    `about` is what was stored (compose_when_sent's dict, with what the caller added to it)."""
    COMPOSERS[name] = compose


def compose_when_sent(name):
    return {COMPOSE_KEY: name}


def is_waiting(value):
    return isinstance(value, dict) and COMPOSE_KEY in value


class _ComposedOnRead(DeferredAttribute):
    # A data descriptor (with __set__), so that reading goes through __get__ even once the value is loaded.
    def __set__(self, instance, value):
        instance.__dict__[self.field.attname] = value

    def __get__(self, instance, cls=None):
        value = super().__get__(instance, cls)
        if instance is None or not is_waiting(value):
            return value
        composed = COMPOSERS[value[COMPOSE_KEY]](instance, value)
        instance.__dict__[self.field.attname] = composed
        instance.__dict__["content_composed_now"] = True
        return composed


class ContentField(models.JSONField):
    """A JSONField whose value may wait to be composed (above). Saving writes what is stored, never
    composing on the way in."""

    descriptor_class = _ComposedOnRead

    def pre_save(self, model_instance, add):
        return model_instance.__dict__.get(self.attname)

    def deconstruct(self):
        # Stored as a plain JSONField: the difference is only in reading it, so no migration.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs
