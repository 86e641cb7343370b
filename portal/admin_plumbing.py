"""Admin plumbing any app may import: read-only viewsets, listings of people in Thai order, and admin
views limited to the objects their user may see (the rules of who sees what are each app's own: portal/events/permissions.py)."""

from django.http import Http404
from django.urls import path
from django.utils.functional import cached_property
from wagtail.admin.admin_url_finder import ModelAdminURLFinder
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet

from portal.thai.collation import in_thai_order


class ThaiNameOrderMixin:
    """An admin listing sorted by a person's name sorts in Thai dictionary order (leading vowels by
    their consonant), given name then family name, not by character code."""

    user_field = "user__"

    def order_queryset(self, queryset):
        given = f"{self.user_field}first_name"
        if self.ordering in (given, f"-{given}"):
            sign = "-" if self.ordering.startswith("-") else ""
            return queryset.order_by(*in_thai_order(self.ordering, f"{sign}{self.user_field}last_name"), "pk")
        return super().order_queryset(queryset)


class VisibleObjectMixin:
    """Limits a generic admin view of one object to the objects its user may see; another
    programme's ids are "not found", so nobody learns which ids exist."""

    visible_objects = None  # set by limited_to_visible(): a function from a user to a queryset

    def get_object(self, *args, **kwargs):
        instance = super().get_object(*args, **kwargs)
        if not self.visible_objects(self.request.user).filter(pk=instance.pk).exists():
            raise Http404
        return instance


class VisibleListingMixin:
    """Limits a generic admin listing to the objects its user may see."""

    visible_objects = None

    def get_base_queryset(self):
        return self.visible_objects(self.request.user)


def limited_to_visible(view_class, visible_objects):
    """`view_class` (a listing or a view of one object) showing only what `visible_objects(user)` returns."""
    mixin = VisibleListingMixin if issubclass(view_class, IndexView) else VisibleObjectMixin
    return type(view_class.__name__, (mixin, view_class), {"visible_objects": staticmethod(visible_objects)})


class ReadOnlyModelViewSet(ModelViewSet):
    """A listing and an inspect page, nothing that saves: what it lists changes elsewhere."""

    copy_view_enabled = False
    inspect_view_enabled = True

    def get_common_view_kwargs(self, **kwargs):
        return {
            **super().get_common_view_kwargs(**kwargs),
            "add_url_name": None,
            "edit_url_name": None,
            "delete_url_name": None,
            "history_url_name": None,
            "usage_url_name": None,
        }

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
        ]

    @cached_property
    def url_finder_class(self):
        return type(
            f"{self.model.__name__}URLFinder",
            (ModelAdminURLFinder,),
            {"edit_url_name": self.get_url_name("inspect"), "permission_policy": self.permission_policy},
        )
