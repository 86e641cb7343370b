from django.urls import path

from . import views

app_name = "profile"

urlpatterns = [
    path("", views.profile_detail, name="detail"),
    path("edit/", views.profile_edit, name="edit"),
    path("address-options/", views.address_options, name="address_options"),
    path("consent/", views.consent, name="consent"),
    path("guardian/", views.guardian_request, name="guardian"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data.json", views.my_data_download, name="my_data_download"),
    path("delete/", views.delete_account, name="delete"),
]
