"""Benchmarks of the office's « Enfants admis », timed by `manage.py bench` (its biggest office)."""

from typing import Any

from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portail.admissions.models import Admission
from portail.admissions.models import Status as AdmissionStatus
from portail.agreements.models import Agreement
from portail.agreements.selectors import admitted_children
from portail.agreements.views import PAGE_SIZE
from portail.demo.benchmarking import Benchmark
from portail.registry.models import OfficeAgent


def _agent_of_the_biggest_office() -> dict[str, Any]:
    """An agent of the office with the most admitted children."""
    biggest = (
        Admission.objects.filter(status__in=[AdmissionStatus.CONFIRMED, AdmissionStatus.ENDED])
        .values("provider__office")
        .annotate(children=Count("pk"))
        .order_by("-children")
        .first()
    )
    office_id = biggest["provider__office"] if biggest else None
    agent = OfficeAgent.objects.select_related("user").filter(office_id=office_id, is_active=True).first()
    if agent is None:  # the biggest office may have no agent in the data set: bc@demo.test's then
        agent = OfficeAgent.objects.select_related("user").get(user__email="bc@demo.test")
    client = Client()
    client.force_login(agent.user)
    return {"client": client, "user": agent.user}


def first_page(fixture: dict[str, Any]) -> None:
    response = fixture["client"].get(reverse("agreements:office_children"))
    assert response.status_code == 200


def first_page_in_sql(fixture: dict[str, Any]) -> list[Any]:
    """The selector: one query for a page of admissions with their agreement, sorted and paged in SQL."""
    page = admitted_children(fixture["user"], today=timezone.localdate())[:PAGE_SIZE]
    return [(admission.child.last_name, getattr(admission, "agreement", None)) for admission in page]


def children_in_python(fixture: dict[str, Any]) -> list[Any]:
    """The naive way: every admitted child of the office, each agreement fetched alone, sorted in Python."""
    admissions = list(
        Admission.objects.visible_to(fixture["user"]).filter(
            status__in=[AdmissionStatus.CONFIRMED, AdmissionStatus.ENDED]
        )
    )
    rows = [(admission, Agreement.objects.filter(admission=admission).first()) for admission in admissions]
    rows.sort(key=lambda row: (row[0].provider.last_name, row[0].child.last_name, row[0].pk))
    return [(admission.child.last_name, agreement) for admission, agreement in rows[:PAGE_SIZE]]


BENCHMARKS = [
    Benchmark(
        name="admitted children of the biggest office: first page's rows",
        setup=_agent_of_the_biggest_office,
        run=first_page_in_sql,
        baseline=children_in_python,
    ),
    Benchmark(
        name="admitted children: first page, whole request",
        setup=_agent_of_the_biggest_office,
        run=first_page,
    ),
]
