"""Where the day's photos are kept, so that a photo withheld from the public cannot be fetched by address.

The original of a photo of the day lives under EVENT_PHOTOS_FOLDER, which no one serves: not Django's
media view (config.urls serves only original_images/ and images/), not the proxy that docs/deployment.md
sets up, not the object storage's public policy (images/ only). Its name is random, and Wagtail names
each rendition after it, so a rendition's address (public, under images/) cannot be guessed either: it is
known only from a page that showed the photo. When a minor's photo consent ends, or the minor is erased,
every photo naming them gets a new random name and its renditions are deleted, so the addresses pages used
to show stop working; staff pages make new renditions under the new name, which no public page shows while
it is withheld."""

import secrets

from django.db import transaction
from django.db.models.signals import post_save
from wagtail.images.models import Image

EVENT_PHOTOS_FOLDER = "event_photos"


def _random_name():
    # Short enough that Wagtail keeps it whole in a rendition's name (at most 59 characters).
    return f"{EVENT_PHOTOS_FOLDER}/{secrets.token_urlsafe(15)}.jpg"


def store_photo_file(data):
    """The storage name of a fresh file holding `data`, under a random name nobody serves."""
    return Image._meta.get_field("file").storage.save(_random_name(), data)


def rename_withheld(photo):
    """Give a withheld photo's file a new random name and delete its renditions (and their files)."""
    image = photo.image
    storage = image.file.storage
    old_name = image.file.name
    with storage.open(old_name) as original:
        image.file.name = storage.save(_random_name(), original)
    image.save(update_fields=["file"])
    for rendition in image.renditions.all():
        rendition.delete()  # Wagtail removes the file once the transaction is committed
    transaction.on_commit(lambda: storage.delete(old_name))


def rename_photos_now_withheld(user):
    """After a change to `user`'s photo consent: rename every photo naming them that is now withheld."""
    from .photos import EventPhoto

    for photo in EventPhoto.objects.filter(minors_shown=user).select_related("image").prefetch_related("minors_shown"):
        if not photo.may_be_published:
            rename_withheld(photo)


def _after_photo_consent(sender, instance, raw=False, **kwargs):
    from portal.accounts.models import ConsentPurpose

    if raw:  # loading fixtures or a database snapshot: the rows arrive in no order, and nothing has changed
        return
    if instance.purpose == ConsentPurpose.PHOTOS and not instance.granted:
        rename_photos_now_withheld(instance.user)


def _before_erasure(sender, user, **kwargs):
    """Erasure deletes the person's consent records in bulk, with no post_save: from then on every photo naming
    them is withheld, so each gets a new name now."""
    from .photos import EventPhoto

    for photo in EventPhoto.objects.filter(minors_shown=user).select_related("image"):
        rename_withheld(photo)


def register():
    from portal.accounts.models import ConsentRecord
    from portal.accounts.signals import erasing_person

    # Every way photo consent ends is a "no" in the consent log (the person's or a guardian's answer), or erasure.
    post_save.connect(_after_photo_consent, sender=ConsentRecord, dispatch_uid="events.photos.consent_ended")
    erasing_person.connect(_before_erasure, dispatch_uid="events.photos.person_erased")
