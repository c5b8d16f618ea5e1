from django.urls import path

from portail.waitlist import views

app_name = "waitlist"

urlpatterns = [
    path("", views.reserve, name="reserve"),
    path("enfants/<str:number>/", views.child_details, name="child"),
]
