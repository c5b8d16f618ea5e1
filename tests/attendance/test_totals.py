"""The office's totals of a period per provider, and their CSV for its accounting: its own providers only,
French headers, no child and no parent's contact, no cell a spreadsheet would run as a formula."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portail.agreements.models import Basis
from portail.attendance.models import AttendanceSheet, Day
from portail.attendance.periods import period_of
from portail.core.spreadsheets import csv_cell
from portail.demo.benchmarks import attendance_totals
from portail.families.models import Child
from tests.attendance.factories_reports import SheetFactory, change_terms, days, recorded_agreement
from tests.registry.factories import ProviderFactory

pytestmark = pytest.mark.django_db

P = Day.PRESENT
HEADERS = [
    "RSGE",
    "Numéro au registre",
    "Période du",
    "Période au",
    "Fiches d’assiduité",
    "Fiches confirmées",
    "Jours de fréquentation",
    "Demi-journées de fréquentation",
    "Places subventionnées utilisées",
    "Places subventionnées au registre",
]


@pytest.fixture
def last_period():
    return period_of(timezone.localdate()).previous()


@pytest.fixture
def sheets(demo_accounts, last_period):
    """At rsge@'s, one full-day child 3 days and one half-day child 2 half-days last period; at another
    office's provider, a child 20 days."""
    provider = demo_accounts["provider"].provider
    start = last_period.start - timedelta(days=30)
    full = recorded_agreement(provider=provider, parent=demo_accounts["parent"], start=start)
    half = recorded_agreement(provider=provider, start=start, basis=Basis.HALF_DAY)
    SheetFactory(agreement=full, period_start=last_period.start, days=days((0, P), (1, P), (2, P)))
    SheetFactory(agreement=half, period_start=last_period.start, days=days((0, P), (1, P)))
    elsewhere = ProviderFactory(last_name="Ailleurs")
    SheetFactory(
        agreement=recorded_agreement(provider=elsewhere, start=start),
        period_start=last_period.start,
        days=P * 20 + Day.NONE * 8,
    )
    return provider


def test_the_office_sees_its_providers_totals_of_the_last_period_by_default(client, demo_accounts, sheets):
    client.force_login(demo_accounts["office_agent"])

    page = client.get(reverse("attendance_reports:totals")).content.decode()

    assert sheets.register_number in page
    assert "Ailleurs" not in page
    assert 'data-label="Jours de fréquentation">3<' in page
    assert 'data-label="Demi-journées de fréquentation">2<' in page


@pytest.mark.parametrize(
    "value", ["2025-09-02", "pas-une-date", "9999-99-99", "%00", "x" * 400, "1900-01-01"]
)
def test_a_period_not_in_the_chooser_falls_back_to_the_last_one(
    client, demo_accounts, sheets, last_period, value
):
    client.force_login(demo_accounts["office_agent"])

    response = client.get(reverse("attendance_reports:totals"), {"periode": value})

    assert response.status_code == 200
    assert f'value="{last_period.start:%Y-%m-%d}" selected' in response.content.decode()


def test_a_period_older_than_the_chooser_is_shown_and_offered(client, demo_accounts, sheets, last_period):
    client.force_login(demo_accounts["office_agent"])
    older = last_period
    for _ in range(40):
        older = older.previous()

    page = client.get(
        reverse("attendance_reports:totals"), {"periode": older.start.isoformat()}
    ).content.decode()

    assert f'value="{older.start:%Y-%m-%d}" selected' in page
    assert "Aucune fiche d’assiduité pour cette période." in page


def test_another_period_is_chosen_and_holds_nothing(client, demo_accounts, sheets, last_period):
    client.force_login(demo_accounts["office_agent"])
    earlier = last_period.previous().start.isoformat()

    page = client.get(reverse("attendance_reports:totals"), {"periode": earlier}).content.decode()

    assert f'value="{earlier}" selected' in page
    assert "Aucune fiche d’assiduité pour cette période." in page


def test_the_csv_has_french_headers_and_no_child_nor_parent_contact(
    client, demo_accounts, sheets, last_period
):
    client.force_login(demo_accounts["office_agent"])

    response = client.get(
        reverse("attendance_reports:totals_export"), {"periode": last_period.start.isoformat()}
    )

    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == HEADERS
    assert rows[1][:2] == [sheets.full_name, sheets.register_number]
    assert rows[1][2:] == [
        last_period.start.isoformat(),
        last_period.end.isoformat(),
        "2",
        "0",
        "3",
        "2",
        "2",
        str(sheets.subsidized_places),
    ]
    assert len(rows) == 2  # the other office's provider is not there
    parent = demo_accounts["parent"]
    assert "@" not in text and parent.email not in text
    # Word by word, but in the provider's own name (a child's generated first name may be part of it).
    words = {
        word for row in rows for cell in row if cell != sheets.full_name for word in re.findall(r"\w+", cell)
    }
    for child in _children(sheets):
        assert child.first_name not in words
        assert child.registration_number not in text.replace("-", "").replace(" ", "")


def _children(provider):
    return Child.objects.filter(admissions__provider=provider)


def test_a_provider_named_like_a_formula_is_written_as_text(client, demo_accounts, sheets, last_period):
    sheets.first_name = '=HYPERLINK("http://x.test")'
    sheets.save()
    client.force_login(demo_accounts["office_agent"])

    text = client.get(reverse("attendance_reports:totals_export"), {"periode": last_period.start.isoformat()})
    rows = list(csv.reader(io.StringIO(text.content.decode("utf-8-sig"))))

    assert rows[1][0].startswith("'=HYPERLINK")


@pytest.mark.parametrize(
    "value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "  =1", "＝1", "\u00a0=1"]
)
def test_csv_cells_that_would_run_as_a_formula_are_quoted(value):
    assert csv_cell(value) == f"'{value}"


@pytest.mark.parametrize("value", ["Bergeron", "12", "RSGE-000001", "", None])
def test_other_csv_cells_are_left_alone(value):
    assert csv_cell(value) == ("" if value is None else value)


def test_the_totals_are_the_offices_only(client, demo_accounts, sheets):
    client.force_login(demo_accounts["provider"])
    assert client.get(reverse("attendance_reports:totals")).status_code == 403
    assert client.get(reverse("attendance_reports:totals_export")).status_code == 403


def test_the_bench_writes_a_period_in_bulk_and_its_naive_baseline_agrees(demo_accounts, last_period):
    provider = demo_accounts["provider"].provider
    start = last_period.start - timedelta(days=30)
    for basis in (Basis.FULL_DAY, Basis.HALF_DAY, Basis.FULL_DAY):
        recorded_agreement(provider=provider, start=start, basis=basis)
    change_terms(
        recorded_agreement(provider=provider, start=start),
        effective_from=last_period.start + timedelta(days=10),
        basis=Basis.HALF_DAY,
    )

    fixture = attendance_totals._biggest_office()
    figures = attendance_totals.totals(fixture)

    # The period after the last start (the change of terms), when all four are in force.
    assert fixture["period"] == last_period.next()
    assert AttendanceSheet.objects.filter(period_start=last_period.next().start).count() == 4
    line = figures.providers[0]
    assert line.tally.days > 0 and line.tally.half_days > 0
    assert attendance_totals.totals_naive(fixture) == {
        line.provider_id: [line.tally.days, line.tally.half_days, line.subsidized_places_used]
    }
