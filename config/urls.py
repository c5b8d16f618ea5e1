"""The portal's URLs: each app's under its own prefix; every page is private unless marked public."""

from django.urls import include, path

from portail.accounts.admin_site import site as admin_site
from portail.core.views import set_language

urlpatterns = [
    path("", include("portail.core.urls")),
    path("bureau/registre/", include("portail.registry.urls")),
    path("carte/", include("portail.directory.urls")),
    path("", include("portail.onboarding.urls")),
    path("rsge/fiche/", include("portail.profiles.urls")),
    path("parent/", include("portail.families.urls")),
    path("", include("portail.waitlist.urls")),
    path("", include("portail.admissions.urls")),
    path("messagerie/", include("portail.messaging.urls")),
    path("", include("portail.agreements.urls")),
    path("api/v1/", include("portail.api.urls")),
    path("bureau/logiciels/", include("portail.api.office_urls")),
    path("", include("portail.attendance.urls")),
    path("", include("portail.attendance.report_urls")),
    path("comptes/", include("allauth.urls")),
    path("langue/", set_language, name="set_language"),
    path("admin/", admin_site.urls),
]

handler403 = "portail.core.views.permission_denied"
handler404 = "portail.core.views.page_not_found"
handler500 = "portail.core.views.server_error"
