"""Benchmarks of the management software's API, timed by `manage.py bench` (the office with the most
admissions): the first page of its admissions to confirm, a whole request with its token, scope, rate
limit and call log."""

import secrets
from datetime import timedelta
from typing import Any

from django.db.models import Count
from django.test import Client, override_settings
from django.utils import timezone
from oauth2_provider.models import AccessToken

from portail.admissions.models import Admission, Status
from portail.api.models import ApiClient, Scope
from portail.api.serializers import AdmissionSerializer
from portail.api.services import register_client
from portail.demo.benchmarking import Benchmark
from portail.registry.models import OfficeAgent

URL = "/api/v1/admissions/?status=admitted"


def _software_of_the_busiest_office() -> dict[str, Any]:
    """A token of a client of the office with the most admissions to confirm (that has an administrator)."""
    busiest = (
        Admission.objects.filter(status=Status.ADMITTED)
        .values("provider__office")
        .annotate(count=Count("pk"))
        .order_by("-count")
        .values_list("provider__office", flat=True)
    )
    admin = None
    for office_id in list(busiest[:20]):
        admin = OfficeAgent.objects.filter(
            office_id=office_id, role=OfficeAgent.Role.ADMIN, is_active=True
        ).first()
        if admin is not None:
            break
    if admin is None:
        admin = OfficeAgent.objects.get(user__email="bc@demo.test")
    client = ApiClient.objects.filter(office_id=admin.office_id, name="Banc d'essai", revoked_at=None).first()
    if client is None:
        client = register_client(
            by=admin.user, name="Banc d'essai", vendor="bench", scopes=Scope.values
        ).client
    token = secrets.token_urlsafe(30)
    AccessToken.objects.create(
        application=client.application,
        token=token,
        expires=timezone.now() + timedelta(hours=1),
        scope=client.scopes,
    )
    # The benchmark calls faster than a client may: its limit is lifted for the run.
    override_settings(API_RATE_PER_MINUTE=10**9).enable()
    return {"client": Client(), "token": token, "user": client.user}


def first_page(fixture: dict[str, Any]) -> None:
    response = fixture["client"].get(URL, HTTP_AUTHORIZATION=f"Bearer {fixture['token']}")
    assert response.status_code == 200, response.content


def every_row_then_the_page(fixture: dict[str, Any]) -> list[Any]:
    """The naive way: every admission to confirm of the office as full ORM rows, serialized, then 50."""
    admissions = Admission.objects.visible_to(fixture["user"]).filter(status=Status.ADMITTED).order_by("pk")
    return AdmissionSerializer(list(admissions), many=True).data[:50]


BENCHMARKS = [
    Benchmark(
        name="API: admissions to confirm, first page, whole request",
        setup=_software_of_the_busiest_office,
        run=first_page,
        baseline=every_row_then_the_page,
    ),
]
