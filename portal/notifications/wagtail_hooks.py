"""The delivery log for staff: filters, and a retry action."""

from django.contrib import messages
from django.http import HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_filters import ChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import ListingButton

from . import ledger
from .models import Channel, Delivery, DeliveryStatus


def _kind_choices():
    kinds = Delivery.objects.order_by().values_list("kind", flat=True).distinct()
    return sorted(((kind, str(ledger.KIND_LABELS.get(kind, kind))) for kind in kinds), key=lambda item: item[1])


class DeliveryFilterSet(WagtailFilterSet):
    status = ChoiceFilter(label=gettext_lazy("status"), choices=DeliveryStatus.choices)
    channel = ChoiceFilter(label=gettext_lazy("channel"), choices=Channel.choices)
    kind = ChoiceFilter(label=gettext_lazy("kind"), choices=_kind_choices)

    class Meta:
        model = Delivery
        fields = ["status", "channel", "kind"]


class KindColumn(Column):
    def get_value(self, instance):
        return ledger.KIND_LABELS.get(instance.kind, instance.kind)


class DeliveryIndexView(generic.IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("recipient")

    def get_list_more_buttons(self, instance):
        buttons = []
        if instance.status in (DeliveryStatus.FAILED, DeliveryStatus.SKIPPED) and self.request.user.has_perm(
            "portal_notifications.change_delivery"
        ):
            buttons.append(
                ListingButton(
                    _("Retry"),
                    url=reverse("delivery_log:retry", args=[instance.pk]),
                    icon_name="rotate",
                    attrs={"data-controller": "w-action", "data-action": "w-action#post"},
                    priority=10,
                )
            )
        if inspect_url := self.get_inspect_url(instance):
            buttons.append(ListingButton(_("Details"), url=inspect_url, icon_name="info-circle", priority=20))
        return buttons


@require_POST
def retry_view(request, pk):
    if not request.user.has_perm("portal_notifications.change_delivery"):
        return HttpResponseForbidden(_("Only staff who may change the delivery log can retry messages."))
    delivery = get_object_or_404(Delivery, pk=pk)
    if ledger.retry(Delivery.objects.filter(pk=delivery.pk)):
        messages.success(request, _("The message will be sent again."))
    else:
        messages.warning(request, _("This message was already sent or is being sent."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = reverse("delivery_log:index")
    return redirect(back)


class DeliveryViewSet(ModelViewSet):
    """Read-only: rows change only through the ledger (and staff's retry)."""

    model = Delivery
    name = "delivery_log"
    url_prefix = "notifications/deliveries"
    icon = "mail"
    menu_label = gettext_lazy("Delivery log")
    menu_order = 900
    add_to_settings_menu = True
    index_view_class = DeliveryIndexView
    filterset_class = DeliveryFilterSet
    list_display = [
        "recipient",
        KindColumn("kind", label=gettext_lazy("kind")),
        "channel",
        "status",
        DateColumn("created_at", label=gettext_lazy("created")),
        "attempts",
        Column("last_error", label=gettext_lazy("last error"), accessor="get_last_error_display"),
    ]
    search_fields = ["address", "recipient__email", "recipient__first_name", "recipient__last_name", "kind"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "recipient",
        "kind",
        "occasion",
        "channel",
        "status",
        "address",
        "title",
        "created_at",
        "not_before",
        "claimed_at",
        "sent_at",
        "attempts",
        "last_error",
        "key",
    ]
    copy_view_enabled = False

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("inspect/<int:pk>/", self.inspect_view, name="inspect"),
            path("retry/<int:pk>/", retry_view, name="retry"),
        ]

    def get_common_view_kwargs(self, **kwargs):
        view_kwargs = super().get_common_view_kwargs(**kwargs)
        for name in (
            "add_url_name",
            "edit_url_name",
            "delete_url_name",
            "history_url_name",
            "usage_url_name",
            "copy_url_name",
        ):
            view_kwargs[name] = None
        return view_kwargs


@hooks.register("register_admin_viewset")
def register_delivery_log():
    return DeliveryViewSet()
