from django.urls import path

from . import views

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="notifications_unsubscribe"),
    path("messages/<uuid:key>/", views.whole_message, name="notifications_message"),
]
