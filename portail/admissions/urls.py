from django.urls import path

from portail.admissions import views

app_name = "admissions"

urlpatterns = [
    path("rsge/admissions/rechercher/", views.lookup, name="lookup"),
    path("rsge/admissions/admettre/<uuid:file_id>/", views.admit, name="admit"),
    path("rsge/admissions/autorisation/", views.delegation, name="delegation"),
    path("rsge/admissions/<int:pk>/annuler/", views.cancel, name="cancel"),
    path("admissions/<int:pk>/", views.detail, name="detail"),
    path("bureau/admissions/", views.confirmations, name="confirmations"),
    path("bureau/consultations/", views.file_reads, name="file_reads"),
    path("bureau/admissions/<int:pk>/confirmer/", views.confirm, name="confirm"),
    path("bureau/admissions/<int:pk>/refuser/", views.refuse, name="refuse"),
    path("bureau/admissions/rsge/<int:provider_id>/rechercher/", views.lookup, name="lookup_for"),
    path("bureau/admissions/rsge/<int:provider_id>/admettre/<uuid:file_id>/", views.admit, name="admit_for"),
]
