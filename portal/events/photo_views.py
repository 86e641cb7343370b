"""The coordinator's photo upload on the day, from the phone: one or more photos into the event's album."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from portal.accounts.views import consent_not_required
from portal.thai.text import validate_line

from .models import Event
from .permissions import can_coordinate
from .photos import PhotoRefused, add_photo, checked_in_minors

PHOTOS_PER_UPLOAD = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        if len(files) > PHOTOS_PER_UPLOAD:
            raise forms.ValidationError(_("At most %(count)s photos at a time.") % {"count": PHOTOS_PER_UPLOAD})
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


class PhotoForm(forms.Form):
    photos = MultipleFileField(label=gettext_lazy("Photos"))
    caption = forms.CharField(label=gettext_lazy("Caption (Thai)"), max_length=250, validators=[validate_line])
    alt_text = forms.CharField(
        label=gettext_lazy("What the photo shows, for people who cannot see it"),
        max_length=250,
        required=False,
        validators=[validate_line],
        help_text=gettext_lazy("Leave empty to use the caption."),
    )
    shows_minors = forms.BooleanField(label=gettext_lazy("The photo shows children or youth under 20"), required=False)

    def __init__(self, *args, minors=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.minors = {str(user.pk): user for user in minors}
        self.fields["minors"] = forms.MultipleChoiceField(
            label=gettext_lazy("Who of them is in it"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[(pk, user.get_full_name() or user.email) for pk, user in self.minors.items()],
            help_text=gettext_lazy(
                "A photo of minors is used in announcements only when every minor named has "
                "their guardian's consent to photos."
            ),
        )


@consent_not_required  # as the check-in page it is opened from
@login_required
@require_http_methods(["GET", "POST"])
def event_photos(request, pk):
    event = get_object_or_404(Event, pk=pk)
    if not can_coordinate(request.user, event):
        raise PermissionDenied
    minors = checked_in_minors(event)
    form = PhotoForm(request.POST or None, request.FILES or None, minors=minors)
    if request.method == "POST" and form.is_valid():
        named = [form.minors[pk] for pk in form.cleaned_data["minors"]]
        added, refused = 0, []
        for upload in form.cleaned_data["photos"]:
            try:
                add_photo(
                    event,
                    upload,
                    form.cleaned_data["caption"],
                    form.cleaned_data["alt_text"],
                    form.cleaned_data["shows_minors"],
                    named,
                    by=request.user,
                )
                added += 1
            except PhotoRefused as problem:
                refused.append(f"{upload.name[:80]}: {problem.reason}")
        if added:
            messages.success(request, _("%(count)s photos added to the album.") % {"count": added})
        for reason in refused:
            messages.error(request, reason)
        return redirect(reverse("events:photos", args=[event.pk]))
    photos = event.photos.select_related("image").prefetch_related("minors_shown").order_by("-uploaded_at")
    return render(request, "events/photos.html", {"event": event, "form": form, "photos": photos})
