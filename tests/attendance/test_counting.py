"""Counting attendance: full days and half-days by the terms in force each day, a period across
1 September split between its two reference years, an office's totals in three queries."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from portail.agreements.models import AgreementVersion, Basis
from portail.attendance.counting import agreement_year, count_sheet, period_totals
from portail.attendance.models import AttendanceSheet, Day
from portail.attendance.models import Status as SheetStatus
from portail.attendance.periods import Period, ReferenceYear
from portail.attendance.rules import Terms
from tests.attendance.factories_reports import SheetFactory, change_terms, days, recorded_agreement
from tests.registry.factories import ProviderFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("calendar")]

P, E, A = Day.PRESENT, Day.EXTRA, Day.ABSENT
FIRST = Period(date(2025, 9, 1))  # the calendar's first period (1–28 September 2025)
# The 14th period starts on Monday 31 August 2026: its first day is in 2025–2026, the others in 2026–2027.
ACROSS = Period(date(2026, 8, 31))


@pytest.fixture
def calendar():
    with override_settings(ATTENDANCE_PERIOD_START="2025-09-01"):
        yield


@pytest.fixture
def provider():
    return ProviderFactory(capacity=6, subsidized_places=4)


def test_a_full_day_agreement_counts_present_and_extra_days_as_days(provider):
    agreement = recorded_agreement(provider=provider, start=FIRST.start)
    SheetFactory(agreement=agreement, days=days((0, P), (1, E), (2, A), (3, P)))

    count = agreement_year(agreement, ReferenceYear(2025))

    assert (count.total.days, count.total.half_days) == (3, 0)
    assert [line.tally.days for line in count.periods] == [3]


def test_a_half_day_agreement_counts_half_days(provider):
    agreement = recorded_agreement(provider=provider, start=FIRST.start, basis=Basis.HALF_DAY)
    SheetFactory(agreement=agreement, days=days((0, P), (1, P), (2, A)))

    count = agreement_year(agreement, ReferenceYear(2025))

    assert (count.total.days, count.total.half_days) == (0, 2)


def test_a_change_of_terms_mid_period_counts_each_day_by_the_terms_in_force_that_day(provider):
    agreement = recorded_agreement(provider=provider, start=FIRST.start)
    # Full days to Sunday 14 September, half-days from Monday 15 September (index 14).
    change_terms(agreement, effective_from=date(2025, 9, 15), basis=Basis.HALF_DAY)
    SheetFactory(agreement=agreement, days=days((12, P), (13, E), (14, P), (15, P), (16, P)))

    count = agreement_year(agreement, ReferenceYear(2025))

    assert (count.total.days, count.total.half_days) == (2, 3)


def test_a_period_across_1_september_counts_each_day_in_its_own_reference_year(provider):
    agreement = recorded_agreement(provider=provider, start=date(2026, 8, 3))
    SheetFactory(agreement=agreement, period_start=ACROSS.start, days=P * 28)

    before, after = (
        agreement_year(agreement, ReferenceYear(2025)),
        agreement_year(agreement, ReferenceYear(2026)),
    )

    assert before.total.days == 1  # Monday 31 August 2026
    assert after.total.days == 27  # 1–27 September 2026
    assert [line.period for line in before.periods] == [ACROSS] == [line.period for line in after.periods]


def test_days_before_the_agreement_count_nowhere(provider):
    # Terms from Wednesday 3 September: a presence entered on the 1st (which the services refuse) is not
    # attributed to any basis.
    agreement = recorded_agreement(provider=provider, start=date(2025, 9, 3))
    SheetFactory(agreement=agreement, days=days((0, P), (2, P)))

    assert agreement_year(agreement, ReferenceYear(2025)).total.attended == 1


def test_a_year_counts_only_its_own_periods_and_reads_two_queries(provider):
    agreement = recorded_agreement(provider=provider, start=FIRST.start)
    SheetFactory(agreement=agreement, period_start=FIRST.start, days=days((0, P)))
    SheetFactory(agreement=agreement, period_start=FIRST.next().start, days=days((0, P), (1, P)))
    SheetFactory(agreement=agreement, period_start=date(2026, 9, 28), days=P * 20 + Day.NONE * 8)  # 2026–2027
    agreement.refresh_from_db()

    with CaptureQueriesContext(connection) as queries:
        count = agreement_year(agreement, ReferenceYear(2025))

    assert count.total.days == 3
    assert len(queries) == 2


def test_count_sheet_keeps_the_days_of_the_year_it_is_given():
    version = AgreementVersion(effective_from=date(2026, 8, 1), basis=Basis.FULL_DAY, subsidized=True)
    terms = Terms.of_versions([version], end=None)

    assert count_sheet(P * 28, ACROSS, terms, within=ReferenceYear(2025)).days == 1
    assert count_sheet(P * 28, ACROSS, terms, within=ReferenceYear(2026)).days == 27
    assert count_sheet(P * 28, ACROSS, terms).days == 28
    assert count_sheet(P * 28, ACROSS, Terms.of_versions([], end=None)).attended == 0


def test_the_office_totals_per_provider_in_three_queries(provider):
    other = ProviderFactory(office=provider.office, capacity=6, subsidized_places=0)
    elsewhere = ProviderFactory()  # another office's: never in this office's totals
    subsidized = recorded_agreement(provider=provider, start=FIRST.start)
    half = recorded_agreement(provider=provider, start=FIRST.start, basis=Basis.HALF_DAY)
    unused = recorded_agreement(provider=provider, start=FIRST.start)
    private = recorded_agreement(provider=other, start=FIRST.start, subsidized=False)
    SheetFactory(agreement=subsidized, days=days((0, P), (1, P)), status=SheetStatus.DRAFT)
    SheetFactory(agreement=half, days=days((0, P), (1, E), (2, A)))
    SheetFactory(agreement=unused, days=days((0, A), (1, A)))
    SheetFactory(agreement=private, days=days((0, P)))
    SheetFactory(
        agreement=recorded_agreement(provider=elsewhere, start=FIRST.start), days=P * 20 + Day.NONE * 8
    )
    SheetFactory(
        agreement=subsidized, period_start=FIRST.next().start, days=P * 20 + Day.NONE * 8
    )  # another period

    sheets = AttendanceSheet.objects.filter(provider__office=provider.office)
    with CaptureQueriesContext(connection) as queries:
        totals = period_totals(sheets, FIRST)

    assert len(queries) == 3
    lines = {line.provider_id: line for line in totals.providers}
    assert set(lines) == {provider.pk, other.pk}
    mine = lines[provider.pk]
    assert (mine.sheets, mine.tally.days, mine.tally.half_days) == (3, 2, 2)
    assert mine.subsidized_places_used == 2  # the absent child's place was not used
    assert mine.subsidized_places == 4
    assert (lines[other.pk].tally.days, lines[other.pk].subsidized_places_used) == (1, 0)
    assert (totals.total.sheets, totals.total.tally.days, totals.total.tally.half_days) == (4, 3, 2)
    assert totals.total.subsidized_places_used == 2


def test_a_version_not_subsidized_mid_period_uses_the_place_only_on_its_subsidized_days(provider):
    agreement = recorded_agreement(provider=provider, start=FIRST.start, subsidized=False)
    change_terms(agreement, effective_from=date(2025, 9, 15), basis=Basis.FULL_DAY, subsidized=True)
    SheetFactory(agreement=agreement, days=days((0, P)))

    totals = period_totals(AttendanceSheet.objects.all(), FIRST)
    assert totals.total.subsidized_places_used == 0

    AttendanceSheet.objects.update(days=days((0, P), (20, P)))
    totals = period_totals(AttendanceSheet.objects.all(), FIRST)
    assert totals.total.subsidized_places_used == 1
    assert totals.total.tally.subsidized_days == 1
