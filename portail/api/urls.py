"""The API for the offices' management software, under /api/v1/ (docs/api.md): no session, no sign-in
page; a bearer token from /api/v1/token/."""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from oauth2_provider.views import TokenView

from portail.api.views import (
    admissions,
    agreements,
    attendance_upload,
    attestations,
    events,
    registry,
    sheets,
)

app_name = "api"


def _open(view: Any) -> Any:
    # The API answers its own 401s: the portal's sign-in page is not for software. Nothing it answers is
    # kept by a cache (personal data, and what a token may read).
    return login_not_required(never_cache(view))


class Schema(SpectacularAPIView):
    public = True


class Docs(SpectacularSwaggerSplitView):
    public = True
    url_name = "api:schema"
    template_name = "api/swagger_ui.html"


def unknown(request: HttpRequest, rest: str) -> JsonResponse:
    """Any other address under /api/v1/: the API's 404, a problem detail like the others."""
    body = {
        "type": "/api/v1/docs/#/problems/not_found",
        "title": "not_found",
        "status": 404,
        "code": "not_found",
    }
    body["detail"] = _("There is no such address in the API: see /api/v1/schema/.")
    return JsonResponse(body, status=404, content_type="application/problem+json")


urlpatterns = [
    path("token/", _open(csrf_exempt(TokenView.as_view())), name="token"),
    path("schema/", _open(Schema.as_view()), name="schema"),
    path("docs/", _open(Docs.as_view()), name="docs"),
    path("providers/", _open(registry.ProviderList.as_view()), name="providers"),
    path("providers/<int:pk>/", _open(registry.ProviderDetail.as_view()), name="provider"),
    path(
        "providers/<int:pk>/children/", _open(registry.ProviderChildren.as_view()), name="provider_children"
    ),
    path("providers/<int:pk>/admissions/", _open(admissions.AdmitForProvider.as_view()), name="admit"),
    path("admissions/", _open(admissions.AdmissionList.as_view()), name="admissions"),
    path("admissions/<int:pk>/", _open(admissions.AdmissionDetail.as_view()), name="admission"),
    path(
        "admissions/<int:pk>/confirm/", _open(admissions.AdmissionConfirm.as_view()), name="admission_confirm"
    ),
    path("admissions/<int:pk>/refuse/", _open(admissions.AdmissionRefuse.as_view()), name="admission_refuse"),
    path("agreements/", _open(agreements.AgreementList.as_view()), name="agreements"),
    path("agreements/<int:pk>/", _open(agreements.AgreementDetail.as_view()), name="agreement"),
    path(
        "agreements/<int:pk>/versions/",
        _open(agreements.AgreementVersionCreate.as_view()),
        name="agreement_versions",
    ),
    path("agreements/<int:pk>/submit/", _open(agreements.AgreementSubmit.as_view()), name="agreement_submit"),
    path("agreements/<int:pk>/record/", _open(agreements.AgreementRecord.as_view()), name="agreement_record"),
    path("agreements/<int:pk>/return/", _open(agreements.AgreementReturn.as_view()), name="agreement_return"),
    path(
        "agreements/<int:pk>/eligibility/",
        _open(agreements.AgreementEligibility.as_view()),
        name="agreement_eligibility",
    ),
    path("agreements/<int:pk>/end/", _open(agreements.AgreementEnd.as_view()), name="agreement_end"),
    path(
        "attendance/periods/<str:start>/",
        _open(attendance_upload.PeriodUpload.as_view()),
        name="period_upload",
    ),
    path("events/", _open(events.Events.as_view()), name="events"),
    # Attendance sheets and attestations.
    path("attendance/", _open(sheets.SheetList.as_view()), name="attendance_sheets"),
    path("attendance/<int:pk>/", _open(sheets.SheetDetail.as_view()), name="attendance_sheet"),
    path("attendance/<int:pk>/confirm/", _open(sheets.SheetConfirm.as_view()), name="attendance_confirm"),
    path("attendance/<int:pk>/return/", _open(sheets.SheetReturn.as_view()), name="attendance_return"),
    path("agreements/<int:pk>/attestation/", _open(attestations.Attestation.as_view()), name="attestation"),
    path(
        "agreements/<int:pk>/attestation.pdf",
        _open(attestations.AttestationPdf.as_view()),
        name="attestation_pdf",
    ),
    re_path(r"^(?P<rest>.*)$", _open(csrf_exempt(unknown)), name="unknown"),
]
