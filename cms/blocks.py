from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock as WagtailImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock


class ImageChooserBlock(WagtailImageChooserBlock):
    """Loads a stream's images with their renditions, and whether each is withheld (a photo of minors
    without consent), in one go, so a 12-photo album costs the same number of queries as a single photo."""

    def bulk_to_python(self, values):
        values = list(values)
        ids = [value for value in values if isinstance(value, int)]
        if len(ids) != len([value for value in values if value is not None]):
            return super().bulk_to_python(values)
        from portal.events.photos import in_bulk_marking_withheld

        images = in_bulk_marking_withheld(self.model_class.objects.prefetch_renditions(), ids)
        return [images.get(value) if value is not None else None for value in values]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("level"), choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))], default="h2"
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "cms/blocks/heading.html"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"), max_length=250, help_text=_("What the photo shows, for people who cannot see it.")
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "cms/blocks/image.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["withheld"] = not _without_withheld([value])
        return context


def _without_withheld(photos):
    """Drop photos of minors whose photo consent is not in force now (portal.events.photos). Images loaded
    with the page already say so (ImageChooserBlock.bulk_to_python); one chosen in an editor's preview
    is looked up here."""
    from portal.events.photos import withheld_image_ids

    shown = [photo for photo in photos if photo.get("image")]
    unmarked = withheld_image_ids([photo["image"].pk for photo in shown if not hasattr(photo["image"], "withheld")])
    return [photo for photo in shown if not getattr(photo["image"], "withheld", photo["image"].pk in unmarked)]


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("album title"), required=False, max_length=200)
    photos = blocks.ListBlock(CaptionedImageBlock(), label=_("photos"), min_num=1)

    class Meta:
        icon = "image"
        label = _("Photo album")
        template = "cms/blocks/gallery.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["photos"] = _without_withheld(value["photos"])
        return context


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("who said it"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "cms/blocks/quote.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("link text"), required=False, max_length=200, help_text=_("Leave empty to use the document's title.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "cms/blocks/document.html"


class EventCardBlock(blocks.StructBlock):
    """An event inside an announcement: when and where, seats left, and a register button."""

    event = SnippetChooserBlock("portal_events.Event", label=_("event"))
    note = blocks.CharBlock(
        label=_("note"),
        required=False,
        max_length=200,
        help_text=_("Optional line shown on the card, e.g. who should come."),
    )

    class Meta:
        icon = "date"
        label = _("Event card")
        template = "cms/blocks/event_card.html"

    def get_context(self, value, parent_context=None):
        from portal.events.models import Event

        from .page_cache import shows_seats_of

        context = super().get_context(value, parent_context)
        chosen = value.get("event")
        if chosen:
            shows_seats_of([chosen.pk])
        context["event"] = Event.objects.with_seat_counts().filter(pk=chosen.pk).first() if chosen else None
        # An announcement about an event that is over (one drafted after it) offers no registration.
        context["event_over"] = bool(context["event"]) and context["event"].ends_at <= timezone.now()
        return context


class ParticipantCountsBlock(blocks.StructBlock):
    """The people checked in at an event, by volunteer group and in total, read from the sign-ups
    each time the page is shown: the editor never retypes them and they are never out of date."""

    event = SnippetChooserBlock("portal_events.Event", label=_("event"))
    heading = blocks.CharBlock(label=_("heading"), required=False, max_length=200)

    class Meta:
        icon = "group"
        label = _("Participants by group")
        template = "cms/blocks/participant_counts.html"

    def get_context(self, value, parent_context=None):
        from portal.events.attendance import event_attendance

        context = super().get_context(value, parent_context)
        chosen = value.get("event")
        context["groups"], context["total"] = event_attendance(chosen) if chosen else ([], 0)
        return context


class BodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=["bold", "italic", "link", "document-link", "ol", "ul"]
    )
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    gallery = GalleryBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(label=_("Video or embed"), icon="media")
    document = DocumentLinkBlock()
    event_card = EventCardBlock()
    participant_counts = ParticipantCountsBlock()
