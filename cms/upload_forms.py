"""Wagtail's image and document forms, where leaving out the collection puts the file where the
form had it selected: its own collection when edited, otherwise the root. Once the events' albums
exist there is more than one collection and Wagtail makes the field required, so an upload posted
without it (a script, the multiple uploader's quick edit) would be refused for a choice the form
had already made."""

from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm


class DefaultCollection:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "collection" in self.fields:
            self.fields["collection"].required = False

    def clean_collection(self):
        chosen = self.cleaned_data.get("collection")
        if chosen is not None:
            return chosen
        allowed = self.collections  # only those this person may add to
        return allowed.filter(pk=self.instance.collection_id).first() or allowed.order_by("path").first()


class ImageForm(DefaultCollection, BaseImageForm):
    pass


class DocumentForm(DefaultCollection, BaseDocumentForm):
    pass
