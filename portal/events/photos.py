"""The day's photos: each one a Wagtail image in the event's own collection, with a Thai caption and
alternative text. Phone photos are turned upright, made smaller and written anew, so no EXIF (the
place it was taken, the phone) leaves the coordinator's phone. A photo marked as showing minors is
used in announcements only while every minor named on it has photo consent from their guardian."""

import io
import warnings

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image as PillowImage
from PIL import ImageOps, UnidentifiedImageError
from wagtail.images.models import Image
from wagtail.models import Collection

from portal.accounts.services import allows_photos
from portal.thai.text import validate_line

from .photo_files import store_photo_file

LONGEST_SIDE = 2048
JPEG_QUALITY = 85
ALBUMS_COLLECTION = "อัลบั้มภาพกิจกรรม"


class PhotoRefused(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class EventPhoto(models.Model):
    event = models.ForeignKey("portal_events.Event", on_delete=models.CASCADE, related_name="photos")
    image = models.OneToOneField("wagtailimages.Image", on_delete=models.CASCADE, related_name="event_photo")
    caption = models.CharField(gettext_lazy("caption"), max_length=250, validators=[validate_line])
    alt_text = models.CharField(gettext_lazy("alternative text"), max_length=250, validators=[validate_line])
    shows_minors = models.BooleanField(gettext_lazy("shows minors"), default=False)
    minors_shown = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=gettext_lazy("minors in the photo")
    )
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = gettext_lazy("event photo")
        verbose_name_plural = gettext_lazy("event photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.caption

    @property
    def may_be_published(self):
        """A photo of minors needs the minors named, each with their guardian's photo consent in force."""
        if not self.shows_minors:
            return True
        minors = list(self.minors_shown.all())
        return bool(minors) and all(allows_photos(minor) for minor in minors)


def collection_for(event):
    """The event's album: a collection of its own under one parent for all albums."""
    root = Collection.get_first_root_node()
    albums = root.get_children().filter(name=ALBUMS_COLLECTION).first() or root.add_child(name=ALBUMS_COLLECTION)
    name = f"{event.title} ({event.pk})"[:255]
    return albums.get_children().filter(name=name).first() or albums.add_child(name=name)


def _prepared(upload):
    """The upload as a fresh JPEG: upright, at most LONGEST_SIDE pixels, without any EXIF."""
    if upload.size > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE:
        raise PhotoRefused(_("This photo is larger than 10 MB. Send a smaller one."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PillowImage.DecompressionBombWarning)
            picture = PillowImage.open(upload)
            if picture.format not in {"JPEG", "PNG", "WEBP"}:
                raise PhotoRefused(_("Send the photo as JPEG, PNG or WebP."))
            picture = ImageOps.exif_transpose(picture)
            picture.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
            picture = picture.convert("RGB")
    except (
        UnidentifiedImageError,
        PillowImage.DecompressionBombError,
        PillowImage.DecompressionBombWarning,
        OSError,
        ValueError,
    ):
        raise PhotoRefused(_("This file is not a photo the portal can read.")) from None
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out


def checked_in_minors(event):
    """The people checked in at the event who are minors, for naming on a photo."""
    from .models import SignupStatus

    signups = (
        event.signups.filter(status=SignupStatus.CONFIRMED, checked_in_at__isnull=False)
        .select_related("user", "user__profile")
        .order_by("user__first_name", "user__last_name")
    )
    return [signup.user for signup in signups if hasattr(signup.user, "profile") and signup.user.profile.is_minor]


def add_photo(event, upload, caption, alt_text="", shows_minors=False, minors=(), by=None):
    """Store one photo in the event's album. Minors named must be minors checked in at the event."""
    allowed = {user.pk for user in checked_in_minors(event)}
    if any(minor.pk not in allowed for minor in minors):
        raise PhotoRefused(_("Only minors checked in at this event can be named on its photos."))
    data = _prepared(upload)
    with transaction.atomic():
        image = Image(title=caption[:255], collection=collection_for(event), uploaded_by_user=by)
        image.file = store_photo_file(data)
        image.save()
        photo = EventPhoto.objects.create(
            event=event,
            image=image,
            caption=caption,
            alt_text=alt_text or caption,
            shows_minors=shows_minors or bool(minors),
            uploaded_by=by,
        )
        photo.minors_shown.set(minors)
    return photo


def publishable_photos(event):
    return [
        photo
        for photo in event.photos.select_related("image").prefetch_related("minors_shown")
        if photo.may_be_published
    ]


def withheld_image_ids(image_ids):
    """Of these images, the ones an announcement must not show now (minors without photo consent)."""
    if not image_ids:
        return set()
    photos = EventPhoto.objects.filter(image_id__in=image_ids, shows_minors=True).prefetch_related("minors_shown")
    return {photo.image_id for photo in photos if not photo.may_be_published}


def is_photo_of_minors(image_ref):
    """An `Exists` for an annotation: whether the image at `image_ref` is a photo of the day showing minors."""
    return models.Exists(EventPhoto.objects.filter(image=models.OuterRef(image_ref), shows_minors=True))


def in_bulk_marking_withheld(images, ids):
    """`images.in_bulk(ids)`, each image with `withheld` set. Whether a photo of the day marks it as
    showing minors comes in the same query; consent is looked up once, and only for those that do."""
    found = images.annotate(in_photo_of_minors=is_photo_of_minors("pk")).in_bulk(ids)
    withheld = withheld_image_ids([pk for pk, image in found.items() if image.in_photo_of_minors])
    for image in found.values():
        image.withheld = image.pk in withheld
    return found
