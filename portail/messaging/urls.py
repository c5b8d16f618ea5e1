from django.urls import path

from portail.messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("ecrire/", views.write, name="write"),
    path("conversation/<int:pk>/", views.thread, name="thread"),
    path("conversation/<int:pk>/archiver/", views.archive, name="archive"),
    path("piece-jointe/<int:pk>/", views.attachment, name="attachment"),
    path("courriels/", views.notices, name="notices"),
]
