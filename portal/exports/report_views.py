"""The programme report in the admin: choose the programme and a fiscal year (BE) or dates; get a PDF
laid out as Thai government reports are, or an XLSX for the office to re-use."""

from django import forms
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.events.models import Programme
from portal.events.permissions import events_visible_to, is_coordinator
from portal.thai.dates import buddhist_year, parse_date

from .exporters import Column
from .programme_report import Period, ProgrammeReport
from .views import _pdf_response, _refused, _xlsx_response
from .writers import render_pdf


class ReportForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=gettext_lazy("All programmes I coordinate"),
    )
    fiscal_year = forms.IntegerField(
        label=gettext_lazy("Fiscal year (B.E.)"),
        required=False,
        min_value=2500,
        max_value=2700,
        help_text=gettext_lazy("1 October to 30 September, e.g. 2570."),
    )
    first_day = forms.CharField(label=gettext_lazy("Or from (day/month/year B.E.)"), required=False, max_length=20)
    last_day = forms.CharField(label=gettext_lazy("to"), required=False, max_length=20)
    fmt = forms.ChoiceField(label=gettext_lazy("File"), choices=[("pdf", "PDF"), ("xlsx", "XLSX")], initial="pdf")

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes

    def _day(self, name):
        text = self.cleaned_data.get(name, "")
        try:
            return parse_date(text) if text else None
        except ValueError:
            self.add_error(name, _("Write the date as day/month/year, e.g. 1/10/2569."))
            return None

    def clean(self):
        first, last = self._day("first_day"), self._day("last_day")
        if first or last:
            if not (first and last) or last < first:
                raise forms.ValidationError(_("Give both dates, the second not before the first."))
            self.cleaned_data["period"] = Period(first, last)
        elif self.cleaned_data.get("fiscal_year"):
            self.cleaned_data["period"] = Period.of_fiscal_year(self.cleaned_data["fiscal_year"])
        elif not self.errors:
            raise forms.ValidationError(_("Choose a fiscal year or two dates."))
        return self.cleaned_data


def programmes_reported_by(user):
    if user.is_superuser:
        return Programme.objects.all()
    return Programme.objects.filter(coordinators=user) if is_coordinator(user) else Programme.objects.none()


def programme_report(request):
    programmes = programmes_reported_by(request.user)
    if not programmes.exists():
        return _refused(request, _("Only coordinators and administrators make programme reports."), status=403)
    today = timezone.localdate()
    form = ReportForm(
        request.GET or None, programmes=programmes, initial={"fiscal_year": Period.containing(today).fiscal_year}
    )
    if not (request.GET and form.is_valid()):
        return render(
            request,
            "exports/admin/programme_report.html",
            {
                "form": form,
                "page_title": _("Programme report"),
                "header_icon": "doc-full",
                "this_year": buddhist_year(today.year),
            },
        )
    events = events_visible_to(request.user).filter(programme__in=programmes)
    if form.cleaned_data["programme"]:
        events = events.filter(programme=form.cleaned_data["programme"])
    report = ProgrammeReport(events, form.cleaned_data["period"])
    period = report.period
    name = f"programme-report-{period.fiscal_year or period.first_day.isoformat()}"
    if form.cleaned_data["fmt"] == "xlsx":
        return _xlsx_response(
            report_sheets(report), f"{name}.xlsx", report_heading(report, form.cleaned_data["programme"])
        )
    pdf = render_pdf(
        "exports/programme_report.html",
        {
            "report": report,
            "summary": report.summary(),
            "groups": report.by_group(),
            "kinds": report.activities_by_kind(),
            "areas": report.by_area(),
            "sections": list(report.sections()),
            "programme": form.cleaned_data["programme"],
            "page_label": _("Page"),
        },
    )
    return _pdf_response(pdf, f"{name}.pdf")


def report_heading(report, programme):
    """The lines above each sheet's columns, as on the PDF's cover: the report, its programmes, its period."""
    programmes = [programme] if programme else report.programmes
    period = report.period
    when = f"{period.title} ({period.dates})" if period.fiscal_year else period.dates
    return [str(_("Programme performance report")), ", ".join(str(item.display_name) for item in programmes), when]


def report_sheets(report):
    summary = report.summary()
    rate = summary["attendance_rate"]
    figures = [
        (_("Events held"), summary["events"]),
        (_("People who took part"), summary["people"]),
        (_("Person-times"), summary["person_times"]),
        (_("New volunteers"), summary["new_volunteers"]),
        (_("Volunteer hours"), summary["hours"]),
        (_("Confirmed sign-ups"), summary["confirmed"]),
        (_("Attendance rate (%)"), rate if rate is not None else ""),
    ]
    events = [
        (
            section.event.display_title,
            section.event.short_days_display,
            section.event.place_name,
            section.event.area_display,
            section.confirmed,
            section.checked_in,
            section.attendance_rate if section.attendance_rate is not None else "",
            section.hours,
        )
        for section in report.sections()
    ]
    return [
        (_("Summary"), [Column(str(report.period.title), 34), Column(_("Number"), 14)], figures),
        (
            _("By group"),
            [Column(_("Volunteer group"), 40), Column(_("People"), 10), Column(_("Person-times"), 14)],
            report.by_group(),
        ),
        # Wide enough for a training's whole name and for each heading on one line: the sheet is fitted to the page.
        (
            _("Events"),
            [
                Column(_("Event"), 60),
                Column(_("Days"), 24),
                Column(_("Place"), 34),
                Column(_("Area"), 36),
                Column(_("Confirmed"), 12),
                Column(_("Checked in"), 17),
                Column(_("Attendance rate (%)"), 19),
                Column(_("Hours"), 10, "0.0"),
            ],
            events,
        ),
        (_("Activities by kind"), [Column(_("Kind"), 24), Column(_("Activities"), 12)], report.activities_by_kind()),
        (
            _("By area"),
            [
                Column(_("Province"), 18),
                Column(_("District"), 18),
                Column(_("Sub-district"), 18),
                Column(_("Events"), 10),
                Column(_("Person-times"), 14),
            ],
            report.by_area(),
        ),
    ]
