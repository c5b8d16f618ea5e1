from django.urls import path, re_path

from portail.families import views

app_name = "families"

urlpatterns = [
    path("", views.home, name="home"),
    path("responsables/", views.guardians, name="guardians"),
    path("enfants/inscrire/", views.register, name="register"),
    path("enfants/<uuid:file_id>/", views.child, name="child"),
    path("enfants/<uuid:file_id>/souhaits/", views.wishes, name="wishes"),
    path("enfants/<uuid:file_id>/confirmation/", views.confirmation, name="confirmation"),
    path(
        "enfants/<uuid:file_id>/choix/<int:choice_id>/retirer/", views.withdraw_choice, name="withdraw_choice"
    ),
    path(
        "enfants/<uuid:file_id>/retirer-autres-choix/",
        views.withdraw_other_choices_view,
        name="withdraw_other_choices",
    ),
    re_path(r"^choisir/(?P<kind>rsge|installation)/(?P<pk>[0-9]+)/$", views.choose, name="choose"),
]
