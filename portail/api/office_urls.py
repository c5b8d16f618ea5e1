"""The office's pages of its management software, under /bureau/logiciels/."""

from django.urls import path

from portail.api import screens

app_name = "software"

urlpatterns = [
    path("", screens.software_list, name="list"),
    path("ajouter/", screens.software_add, name="add"),
    path("<int:pk>/secret/", screens.software_rotate, name="rotate"),
    path("<int:pk>/revoquer/", screens.software_revoke, name="revoke"),
]
