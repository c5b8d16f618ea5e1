"""Benchmarks of the register's reads, timed by `manage.py bench`."""

from typing import Any

from django.db.models import Count
from django.test import Client
from django.urls import reverse

from portail.core.text import fold
from portail.demo.benchmarking import Benchmark
from portail.registry.models import CoordinatingOffice, OfficeAgent, Provider
from portail.registry.selectors import BY_NAME

PAGE_SIZE = 50
# What a row of the office's list of providers shows.
LIST_COLUMNS = [
    "pk",
    "register_number",
    "first_name",
    "last_name",
    "municipality",
    "status",
    "capacity",
    "joined_portal_at",
    "profile_published_at",
]


def _demo_office() -> CoordinatingOffice:
    """bc@demo.test's office (a few hundred providers), or the largest office of a database without it."""
    agent = OfficeAgent.objects.filter(user__email="bc@demo.test").select_related("office").first()
    if agent is not None:
        return agent.office
    largest = CoordinatingOffice.objects.annotate(size=Count("providers")).order_by("-size").first()
    if largest is None:
        raise LookupError("No office: load the data first (manage.py seed_demo --scale quebec).")
    return largest


def first_page_in_sql(office: CoordinatingOffice) -> list[dict[str, Any]]:
    return list(Provider.objects.filter(office=office).order_by(*BY_NAME).values(*LIST_COLUMNS)[:PAGE_SIZE])


def first_page_in_python(office: CoordinatingOffice) -> list[Provider]:
    providers = list(Provider.objects.filter(office=office))
    return sorted(
        providers, key=lambda p: (fold(p.last_name), fold(p.first_name), p.last_name, p.first_name, p.pk)
    )[:PAGE_SIZE]


BENCHMARKS = [
    Benchmark(
        name="office's providers, first 50 by name",
        setup=_demo_office,
        run=first_page_in_sql,
        baseline=first_page_in_python,
    ),
]


def _signed_in_agent() -> Client:
    """bc@demo.test, signed in (its office has a few hundred providers at Québec scale)."""
    client = Client()
    client.force_login(OfficeAgent.objects.select_related("user").get(user__email="bc@demo.test").user)
    return client


def list_page_two(client: Client) -> None:
    response = client.get(reverse("registry:providers"), {"page": "2"})
    assert response.status_code == 200


def list_searched(client: Client) -> None:
    response = client.get(reverse("registry:providers"), {"q": "tremblay", "status": "recognized"})
    assert response.status_code == 200


BENCHMARKS += [
    Benchmark(name="office's register, page 2, whole request", setup=_signed_in_agent, run=list_page_two),
    Benchmark(name="office's register, searched, whole request", setup=_signed_in_agent, run=list_searched),
]
