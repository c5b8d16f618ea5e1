from django.urls import path

from portail.waitlist import views

app_name = "waitlist"

urlpatterns = [
    path("rsge/reserve/", views.reserve, name="reserve"),
    path("rsge/reserve/enfants/<uuid:file_id>/", views.child_details, name="child"),
    # The office, under a provider's delegation.
    path("bureau/admissions/rsge/<int:provider_id>/reserve/", views.reserve_for, name="reserve_for"),
    path(
        "bureau/admissions/rsge/<int:provider_id>/reserve/enfants/<uuid:file_id>/",
        views.child_details_for,
        name="child_for",
    ),
]
