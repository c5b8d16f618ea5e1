from django.urls import path

from portail.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("tableau-de-bord/", views.dashboard, name="dashboard"),
    path("rsge/", views.provider_home, name="provider_home"),
    path("bureau/", views.office_home, name="office_home"),
    path("sante/", views.health, name="health"),
    path("aide/", views.help_page, name="help"),
    path("favicon.ico", views.favicon, name="favicon"),
]
