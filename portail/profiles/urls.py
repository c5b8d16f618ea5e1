from django.urls import path

from portail.profiles import views

app_name = "profiles"

urlpatterns = [
    path("", views.edit, name="edit"),
    path("apercu/", views.preview, name="preview"),
    path("publier/", views.publish, name="publish"),
    path("retirer/", views.unpublish, name="unpublish"),
]
