"""Benchmarks of the client reserve, timed by `manage.py bench` (2,000 children at Québec scale)."""

from typing import Any

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portail.demo.benchmarking import Benchmark
from portail.families.ages import age_in_months
from portail.families.models import Choice
from portail.registry.models import Provider
from portail.waitlist.selectors import ReserveFilters, reserve_of, rows
from portail.waitlist.views import PAGE_SIZE

DEMO_PROVIDER = "rsge@demo.test"


def _signed_in_provider() -> dict[str, Any]:
    provider = Provider.objects.select_related("user").get(user__email=DEMO_PROVIDER)
    client = Client()
    client.force_login(provider.user)
    number = Choice.objects.filter(provider=provider).values_list("child__file_id", flat=True).first()
    return {"client": client, "provider": provider, "number": number}


def first_page(fixture: dict[str, Any]) -> None:
    response = fixture["client"].get(reverse("waitlist:reserve"))
    assert response.status_code == 200


def details_row(fixture: dict[str, Any]) -> None:
    response = fixture["client"].get(
        reverse("waitlist:child", args=[fixture["number"]]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200


def reserve_in_python(fixture: dict[str, Any]) -> list[Any]:
    """The naive way: every child of the reserve as objects, siblings and ages worked out in Python."""
    today = timezone.localdate()
    choices = list(Choice.objects.filter(provider=fixture["provider"]).select_related("child"))
    families: dict[int, int] = {}
    for choice in choices:
        families[choice.child.family_id] = families.get(choice.child.family_id, 0) + 1
    ordered: list[dict[str, Any]] = sorted(
        (
            {
                "child": choice.child,
                "age": age_in_months(choice.child.birth_date, today),
                "sibling": families[choice.child.family_id] > 1,
            }
            for choice in choices
        ),
        key=lambda row: (row["child"].desired_start_date, row["child"].registration_number),
    )
    return ordered[:PAGE_SIZE]


def first_page_in_sql(fixture: dict[str, Any]) -> list[Any]:
    """The reserve's selector: sort, sibling mark and paging in SQL, one page of objects."""
    today = timezone.localdate()
    children = reserve_of(fixture["provider"], filters=ReserveFilters(), today=today)
    return rows(children[:PAGE_SIZE], provider=fixture["provider"], today=today)


BENCHMARKS = [
    Benchmark(
        name="reserve of 2,000: first page's rows",
        setup=_signed_in_provider,
        run=first_page_in_sql,
        baseline=reserve_in_python,
    ),
    Benchmark(name="reserve: first page, whole request", setup=_signed_in_provider, run=first_page),
    Benchmark(
        name="reserve: a child's details row, whole request", setup=_signed_in_provider, run=details_row
    ),
]
