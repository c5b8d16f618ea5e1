from django.urls import path, re_path

from portail.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.search, name="search"),
    path("points.json", views.points, name="points"),
    path("municipalites/", views.suggestions, name="suggestions"),
    re_path(r"^resume/(?P<kind>rsge|installation)/(?P<pk>[0-9]+)/$", views.summary, name="summary"),
    path("rsge/<int:pk>/", views.provider, name="provider"),
    path("installation/<int:pk>/", views.facility, name="facility"),
]
