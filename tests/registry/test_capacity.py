"""The register cannot break the rules it exists for: a change is refused while children hold the places."""

import io
import threading
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone

from portail.accounts.models import Role
from portail.admissions.models import Status
from portail.admissions.rules import RuleBroken
from portail.admissions.services import admit_child
from portail.registry.capacity import Stay, busiest_days, stays_holding_a_place
from portail.registry.imports import import_register
from portail.registry.models import Provider
from portail.registry.services import update_provider
from tests.accounts.factories import UserFactory
from tests.admissions.factories import AdmissionFactory
from tests.families.factories import ChildFactory
from tests.registry.factories import ProviderFactory
from tests.registry.test_import import _csv
from tests.registry.test_views import _form

TODAY = timezone.localdate
OLDER = date(2022, 3, 1)


def _hold(provider, count, *, start, born=OLDER, **fields):
    return [
        AdmissionFactory(
            provider=provider, child=ChildFactory(birth_date=born), planned_start_date=start, **fields
        )
        for _ in range(count)
    ]


def _infant_birth():
    return TODAY() - timedelta(days=200)


# The arithmetic: the busiest day from today on.


def test_the_busiest_day_counts_who_is_present_that_day_not_everyone_ever_admitted():
    today = date(2027, 1, 4)
    stays = [
        *[Stay(OLDER, date(2026, 9, 1), date(2027, 2, 26)) for _ in range(3)],
        *[Stay(OLDER, date(2027, 3, 1)) for _ in range(4)],
    ]

    children, infants = busiest_days(stays, from_day=today)

    assert (children.day, children.count) == (date(2027, 3, 1), 4)
    assert infants.count == 0


def test_a_child_leaves_the_infant_count_as_it_turns_18_months():
    today = date(2027, 1, 4)
    turns_18_months_in_february = date(2025, 8, 10)
    stays = [Stay(turns_18_months_in_february, today), Stay(date(2026, 10, 1), date(2027, 3, 1))]

    _children, infants = busiest_days(stays, from_day=today)

    assert (infants.day, infants.count) == (today, 1)


def test_the_stays_holding_a_place_come_from_the_admissions(db):
    provider = ProviderFactory()
    start = TODAY() + timedelta(days=10)
    _hold(provider, 2, start=start)
    _hold(provider, 1, start=start, status=Status.CANCELLED)
    _hold(
        provider,
        1,
        start=TODAY() - timedelta(days=100),
        status=Status.ENDED,
        end_date=TODAY() - timedelta(days=1),
    )

    assert stays_holding_a_place(provider, TODAY()) == [Stay(OLDER, start), Stay(OLDER, start)]


# The service: every write path goes through it.


@pytest.mark.django_db
def test_lowering_the_capacity_below_the_children_holding_a_place_is_refused_with_the_numbers():
    provider = ProviderFactory(capacity=6)
    day = TODAY() + timedelta(days=34)
    _hold(provider, 6, start=day)

    with pytest.raises(ValidationError) as refused:
        update_provider(provider=provider, by=None, reason="Appel", capacity=3, subsidized_places=0)

    assert refused.value.messages == [
        f"6 enfants ont une place le {day.isoformat()} : la capacité ne peut pas descendre à 3."
    ]
    provider.refresh_from_db()
    assert provider.capacity == 6
    assert provider.history.count() == 1


@pytest.mark.django_db
def test_the_capacity_may_go_down_to_the_busiest_day():
    provider = ProviderFactory(capacity=6)
    _hold(
        provider,
        3,
        start=TODAY() - timedelta(days=30),
        status=Status.ENDED,
        end_date=TODAY() + timedelta(days=9),
    )
    _hold(provider, 3, start=TODAY() + timedelta(days=10))

    update_provider(provider=provider, by=None, reason="Appel", capacity=3)

    provider.refresh_from_db()
    assert provider.capacity == 3


@pytest.mark.django_db
def test_children_who_no_longer_hold_a_place_do_not_count():
    provider = ProviderFactory(capacity=6)
    _hold(provider, 4, start=TODAY() + timedelta(days=10), status=Status.REFUSED)
    _hold(
        provider,
        2,
        start=TODAY() - timedelta(days=90),
        status=Status.ENDED,
        end_date=TODAY() - timedelta(days=1),
    )

    update_provider(provider=provider, by=None, reason="Appel", capacity=1)

    provider.refresh_from_db()
    assert provider.capacity == 1


@pytest.mark.django_db
def test_removing_the_assistant_while_more_than_two_infants_hold_a_place_is_refused():
    provider = ProviderFactory(capacity=6, has_assistant=True)
    day = TODAY() + timedelta(days=20)
    _hold(provider, 3, start=day, born=_infant_birth())

    with pytest.raises(ValidationError) as refused:
        update_provider(provider=provider, by=None, reason="Départ", has_assistant=False)

    assert refused.value.messages == [
        f"3 enfants de moins de 18 mois ont une place le {day.isoformat()} : "
        "la personne assistante ne peut pas être retirée."
    ]
    provider.refresh_from_db()
    assert provider.has_assistant is True


@pytest.mark.django_db
def test_an_unrelated_change_is_not_held_back_by_the_places():
    provider = ProviderFactory(capacity=6, has_assistant=True)
    _hold(provider, 3, start=TODAY(), born=_infant_birth())

    update_provider(provider=provider, by=None, reason="Appel", phone="514 555-0100", capacity=7)

    provider.refresh_from_db()
    assert (provider.phone, provider.capacity) == ("514 555-0100", 7)


# The office's screen and the import.


@pytest.mark.django_db
def test_the_office_screen_says_why_at_the_form_and_saves_nothing(client, agent, office):
    provider = ProviderFactory(office=office, capacity=6)
    day = TODAY() + timedelta(days=34)
    _hold(provider, 6, start=day)
    client.force_login(agent)

    response = client.post(
        reverse("registry:provider_edit", args=[provider.pk]),
        _form(provider, capacity="3", subsidized_places="0"),
    )

    assert response.status_code == 200
    message = f"6 enfants ont une place le {day.isoformat()} : la capacité ne peut pas descendre à 3."
    assert message in response.context["form"].non_field_errors()
    assert message in response.content.decode()
    assert Provider.objects.get(pk=provider.pk).capacity == 6


@pytest.mark.django_db
def test_the_import_refuses_the_line_and_goes_on():
    from tests.registry.factories import OfficeFactory

    OfficeFactory(number="BC-IMPORT")
    import_register(lines=io.StringIO(_csv({})), by=None, reason="Importation")
    provider = Provider.objects.get(register_number="RSGE-500001")
    day = TODAY() + timedelta(days=34)
    _hold(provider, 6, start=day)

    report = import_register(
        lines=io.StringIO(
            _csv(
                {"capacity": "3", "subsidized_places": "3"},
                {"register_number": "RSGE-500002", "email": "autre@example.test"},
            )
        ),
        by=None,
        reason="Importation",
    )

    assert report.created == 1
    assert report.rejected == [
        (2, f"6 enfants ont une place le {day.isoformat()} : la capacité ne peut pas descendre à 3.")
    ]
    assert Provider.objects.get(pk=provider.pk).capacity == 6


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the row lock race needs PostgreSQL")
@pytest.mark.parametrize("attempt", range(5))
def test_a_capacity_edit_and_an_admission_racing_for_the_last_place_cannot_both_win(
    transactional_db, attempt
):
    provider = ProviderFactory(capacity=6, user=UserFactory(role=Role.PROVIDER))
    start = TODAY() + timedelta(days=30)
    for _ in range(5):
        admit_child(
            provider=provider, child=ChildFactory(birth_date=OLDER), start_date=start, by=provider.user
        )
    child = ChildFactory(birth_date=OLDER)
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def edit():
        try:
            barrier.wait()
            update_provider(provider=provider, by=None, reason="Appel", capacity=5)
            outcomes["edit"] = "won"
        except ValidationError:
            outcomes["edit"] = "lost"
        finally:
            connections.close_all()

    def admit():
        try:
            barrier.wait()
            admit_child(provider=provider, child=child, start_date=start, by=provider.user)
            outcomes["admit"] = "won"
        except RuleBroken:
            outcomes["admit"] = "lost"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=edit), threading.Thread(target=admit)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["lost", "won"]
    provider.refresh_from_db()
    assert provider.admissions.count() <= provider.capacity
