from django.urls import path, re_path

from . import report_views, views

app_name = "exports"

urlpatterns = [
    re_path(r"^signups\.(?P<fmt>csv|xlsx)$", views.signups, name="signups"),
    path("events/<int:event_id>/sign-in-sheet.pdf", views.sign_in_sheet, name="sign_in_sheet"),
    re_path(r"^events/(?P<event_id>[0-9]+)/summary\.(?P<fmt>pdf|xlsx)$", views.summary, name="summary"),
    path("programme-report/", report_views.programme_report, name="programme_report"),
    path("jobs/<uuid:job_id>/", views.job, name="job"),
    path("jobs/<uuid:job_id>/retry", views.job_retry, name="job_retry"),
    path("jobs/<uuid:job_id>/download", views.job_download, name="job_download"),
]
