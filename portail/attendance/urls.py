from django.urls import path

from portail.attendance import views

app_name = "attendance"

urlpatterns = [
    path("rsge/presences/", views.today, name="today"),
    path("rsge/presences/marquer/", views.mark, name="mark"),
    path("rsge/presences/fermeture/", views.closure, name="closure"),
    path("rsge/presences/periode/", views.grid, name="grid"),
    path("rsge/presences/ententes/<int:pk>/", views.edit, name="edit"),
    path("presences/fiches/<int:pk>/", views.sheet, name="sheet"),
    path("presences/fiches/<int:pk>/soumettre/", views.submit, name="submit"),
    path("presences/fiches/<int:pk>/signer/", views.sign, name="sign"),
    path("presences/fiches/<int:pk>/contester/", views.contest, name="contest"),
    path("ententes/<int:pk>/presences/", views.agreement_sheets, name="agreement_sheets"),
    path("bureau/presences/", views.queue, name="queue"),
    path("bureau/presences/confirmer/", views.confirm, name="confirm"),
    path("bureau/presences/fiches/<int:pk>/retourner/", views.send_back, name="send_back"),
]
