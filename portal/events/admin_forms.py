"""The programme form and the events listing's filters of the staff admin: a coordinator chooses
among their own programmes only. The event form is in event_form.py."""

import django_filters
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm

from .models import Event, Programme
from .permissions import COORDINATORS_GROUP, programmes_visible_to


class ProgrammeForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "coordinators" in self.fields:  # only for those who may choose them
            self.fields["coordinators"].queryset = (
                get_user_model().objects.filter(groups__name=COORDINATORS_GROUP).order_by("first_name", "last_name")
            )


def _visible_programmes(request):
    return programmes_visible_to(request.user) if request else Programme.objects.none()


class EventFilterSet(WagtailFilterSet):
    """The events listing's filters; a coordinator chooses among their own programmes only."""

    programme = django_filters.ModelChoiceFilter(label=gettext_lazy("programme"), queryset=_visible_programmes)

    class Meta:
        model = Event
        fields = ["status", "programme"]
