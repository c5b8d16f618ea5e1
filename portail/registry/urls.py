"""The office's register pages, under bureau/registre/."""

from django.urls import path

from portail.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.providers, name="providers"),
    path("rsge/<int:pk>/", views.provider, name="provider"),
    path("rsge/<int:pk>/modifier/", views.provider_edit, name="provider_edit"),
    path("agents/", views.agents, name="agents"),
    path("agents/ajouter/", views.agent_add, name="agent_add"),
    path("agents/<int:pk>/", views.agent_edit, name="agent_edit"),
]
