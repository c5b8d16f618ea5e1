from django.urls import path

from portail.agreements import views

app_name = "agreements"

urlpatterns = [
    path("rsge/enfants/", views.provider_children, name="provider_children"),
    path("ententes/conclure/<int:admission_id>/", views.conclude, name="conclude"),
    path("ententes/<int:pk>/", views.detail, name="detail"),
    path("ententes/<int:pk>/corriger/", views.revise, name="revise"),
    path("ententes/<int:pk>/version/", views.new_version, name="new_version"),
    path("ententes/<int:pk>/fin/", views.end, name="end"),
    path("bureau/ententes/<int:pk>/consigner/", views.record, name="record"),
    path("bureau/ententes/<int:pk>/retourner/", views.send_back, name="send_back"),
    path("bureau/ententes/<int:pk>/contribution/", views.eligibility, name="eligibility"),
    path("bureau/enfants-admis/", views.office_children, name="office_children"),
    path("bureau/ententes/", views.queue, name="queue"),
    path("bureau/ententes/export.csv", views.export, name="export"),
]
