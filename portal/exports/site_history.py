"""Wagtail's site history report, limited and made safe as an export. Wagtail shows every entry of
a model to whoever may view that model at all: a coordinator read the titles of other programmes'
events and what was done to them (portal.events.admin_limits.hidden_log_entries). Its CSV and XLSX
downloads hold titles staff typed: written as every export is (writers.py), never as formulas."""

from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.models import ModelLogEntry

from portal.events.admin_limits import hidden_log_entries
from portal.thai.text import printable

from .writers import neutralise


class SiteHistoryView(LogEntriesView):
    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if queryset.model is ModelLogEntry and not self.request.user.is_superuser:
            queryset = queryset.exclude(hidden_log_entries(self.request.user))
        return queryset

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if not isinstance(value, str):
            return value
        value = printable(value)
        return neutralise(value) if export_format == self.FORMAT_CSV else value  # XLSX: Wagtail writes text cells
