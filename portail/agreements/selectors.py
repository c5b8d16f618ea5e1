"""Reads of agreements and admitted children, always through the reader's scope."""

import calendar
from datetime import date
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from portail.admissions.models import Admission
from portail.admissions.models import Status as AdmissionStatus
from portail.agreements.models import Agreement, AgreementVersion, Eligibility, Status
from portail.core.text import any_contains
from portail.registry.models import Provider

SEARCHED = [
    "child__first_name",
    "child__last_name",
    "provider__first_name",
    "provider__last_name",
    "provider__register_number",
]
# The office's filters of « Enfants admis », by their URL value.
FILTERS = ("to_record", "returned", "recorded", "eligibility_due", "ended_this_month", "without")


def eligibility_due() -> Q:
    """Agreements whose reduced contribution the office has yet to decide."""
    return Q(
        eligibility=Eligibility.PENDING,
        eligibility_due__isnull=False,
        status__in=[Status.SUBMITTED, Status.RECORDED],
    )


def admitted_children(user: Any, *, search: str = "", shown: str = "", today: date) -> QuerySet[Admission]:
    """The children admitted at the user's providers (confirmed, or ended), with their agreement, one
    query for a page whatever its length."""
    admissions = (
        Admission.objects.visible_to(user)
        .filter(status__in=[AdmissionStatus.CONFIRMED, AdmissionStatus.ENDED])
        .select_related("agreement")
        .only(
            "planned_start_date",
            "end_date",
            "status",
            "child__first_name",
            "child__last_name",
            "child__file_id",
            "provider__first_name",
            "provider__last_name",
            "provider__register_number",
            "provider__office_id",
            "agreement__status",
            "agreement__eligibility",
            "agreement__eligibility_due",
            "agreement__end_date",
        )
        .order_by(
            "provider__last_name", "provider__first_name", "child__last_name", "child__first_name", "pk"
        )
    )
    for word in search.split()[:5]:
        admissions = admissions.filter(any_contains(SEARCHED, word))
    if shown == "to_record":
        admissions = admissions.filter(agreement__status=Status.SUBMITTED)
    elif shown == "returned":
        admissions = admissions.filter(agreement__status=Status.RETURNED)
    elif shown == "recorded":
        admissions = admissions.filter(agreement__status=Status.RECORDED)
    elif shown == "eligibility_due":
        admissions = admissions.filter(agreement__in=Agreement.objects.filter(eligibility_due()).values("pk"))
    elif shown == "ended_this_month":
        first = today.replace(day=1)
        last = today.replace(day=calendar.monthrange(today.year, today.month)[1])
        admissions = admissions.filter(status=AdmissionStatus.ENDED, end_date__range=(first, last))
    elif shown == "without":
        admissions = admissions.filter(agreement__isnull=True, status=AdmissionStatus.CONFIRMED)
    return admissions


def provider_children(provider: Provider) -> QuerySet[Admission]:
    """« Mes enfants »: the provider's confirmed admissions (and those ended), with their agreement."""
    return (
        Admission.objects.filter(
            provider=provider, status__in=[AdmissionStatus.CONFIRMED, AdmissionStatus.ENDED]
        )
        .select_related("child", "agreement")
        .order_by("status", "child__last_name", "child__first_name", "pk")
    )


def to_record(user: Any) -> QuerySet[Agreement]:
    """The office's queue: agreements submitted, oldest first."""
    return Agreement.objects.visible_to(user).filter(status=Status.SUBMITTED).order_by("submitted_on", "pk")


def decisions_due(user: Any) -> QuerySet[Agreement]:
    """The reduced contributions the office must still decide, the most urgent first."""
    return Agreement.objects.visible_to(user).filter(eligibility_due()).order_by("eligibility_due", "pk")


def current_versions() -> Prefetch:
    return Prefetch(
        "versions",
        queryset=AgreementVersion.objects.filter(effective_until__isnull=True),
        to_attr="current_versions",
    )


def recorded(user: Any) -> QuerySet[Agreement]:
    """The office's recorded agreements (and ended ones), for its accounting export."""
    return (
        Agreement.objects.visible_to(user)
        .filter(status__in=[Status.RECORDED, Status.ENDED])
        .prefetch_related(current_versions())
        .order_by("admission__provider__last_name", "admission__child__last_name", "pk")
    )
