from django.urls import path

from portail.waitlist import views

app_name = "waitlist"

urlpatterns = [
    path("", views.reserve, name="reserve"),
    path("enfants/<uuid:file_id>/", views.child_details, name="child"),
]
