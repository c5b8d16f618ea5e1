from django.urls import path

from portail.onboarding import views

app_name = "onboarding"

urlpatterns = [
    path("bureau/adhesion/", views.tracking, name="tracking"),
    path("bureau/adhesion/export.csv", views.export, name="export"),
    path("bureau/adhesion/rappels/", views.remind, name="remind"),
    path("bureau/adhesion/courriel-de-rappel/", views.reminder_template, name="reminder_template"),
    path("bureau/adhesion/rsge/<int:provider_id>/code/", views.claim_code, name="claim_code"),
    path("rsge/adherer/", views.claim, name="claim"),
]
