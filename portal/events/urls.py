from django.urls import path

from . import check_in_views, photo_views, seat_views, views, walk_in_views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("mine/", views.my_events, name="mine"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/calendar.ics", views.event_calendar, name="calendar"),
    path("<int:pk>/check-in/", check_in_views.check_in, name="check_in"),
    path("<int:pk>/check-in/roster.json", check_in_views.roster, name="check_in_roster"),
    path("<int:pk>/check-in/sync", check_in_views.sync, name="check_in_sync"),
    path("<int:pk>/check-in/manifest.webmanifest", check_in_views.manifest, name="check_in_manifest"),
    path("check-in-worker.js", check_in_views.worker, name="check_in_worker"),
    path("<int:pk>/photos/", photo_views.event_photos, name="photos"),
    path("signups/<int:pk>/cancel/", seat_views.cancel, name="cancel"),
    path("signups/<int:pk>/activities/", seat_views.change_activities, name="change_activities"),
    path("signups/<int:pk>/qr.svg", views.qr_code, name="qr"),
    path("signups/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("calendar/<uuid:token>.ics", views.personal_calendar, name="personal_calendar"),
    path("calendar/reset/", views.reset_calendar, name="reset_calendar"),
    path("claim/", walk_in_views.claim_record, name="claim"),
]
