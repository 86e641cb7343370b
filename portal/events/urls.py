from django.urls import path

from . import photo_views, views

app_name = "events"

urlpatterns = [
    path("", views.event_list, name="list"),
    path("mine/", views.my_events, name="mine"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/register/", views.register, name="register"),
    path("<int:pk>/calendar.ics", views.event_calendar, name="calendar"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/photos/", photo_views.event_photos, name="photos"),
    path("signups/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("signups/<int:pk>/qr.svg", views.qr_code, name="qr"),
    path("signups/<int:pk>/certificate.pdf", views.certificate, name="certificate"),
    path("calendar/<uuid:token>.ics", views.personal_calendar, name="personal_calendar"),
    path("calendar/reset/", views.reset_calendar, name="reset_calendar"),
]
