from django.urls import path

from portail.attendance import report_views

app_name = "attendance_reports"

urlpatterns = [
    path("attestations/ententes/<int:pk>/", report_views.attestation, name="attestation"),
    path("attestations/ententes/<int:pk>/pdf/", report_views.attestation_pdf, name="attestation_pdf"),
    path("attestations/ententes/<int:pk>/envoyer/", report_views.attestation_send, name="attestation_send"),
    path("bureau/frequentation/totaux/", report_views.totals, name="totals"),
    path("bureau/frequentation/totaux/export.csv", report_views.totals_export, name="totals_export"),
]
