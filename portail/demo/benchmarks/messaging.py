"""Benchmarks of messaging: a broadcast to the biggest office's providers, and the inbox's first page."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from portail.accounts.models import User
from portail.demo.benchmarking import Benchmark
from portail.messaging.models import Message, Side, Thread
from portail.messaging.services import broadcast
from portail.registry.models import CoordinatingOffice, OfficeAgent, Provider


@dataclass(frozen=True)
class Office:
    office: CoordinatingOffice
    agent: User
    providers: list[Provider]
    # Providers of other offices that join this one inside each rolled-back run, so that it has 400 (#16
    # counts on « all 400 providers of the biggest office »; the Québec data set's biggest has 280).
    joining: list[int] = field(default_factory=list)


ISSUE_SIZE = 400


def _biggest_office() -> Office:
    """The office with the most providers, and one of its agents (made for the run if it has none)."""
    biggest = CoordinatingOffice.objects.annotate(size=Count("providers")).order_by("-size").first()
    if biggest is None:
        raise LookupError("No office: load the data first (manage.py seed_demo --scale quebec).")
    office: CoordinatingOffice = biggest
    agent = OfficeAgent.objects.filter(office=office, is_active=True).select_related("user").first()
    if agent is None:
        agent = OfficeAgent.objects.select_related("user").get(user__email="bc@demo.test")
        office = agent.office
    return Office(office, agent.user, list(Provider.objects.filter(office=office).only("pk", "office_id")))


def _rolled_back(run: Callable[[Office], None]) -> Callable[[Office], None]:
    def timed(fixture: Office) -> None:
        with transaction.atomic():
            run(fixture)
            transaction.set_rollback(True)

    return timed


def _grown_to_400() -> Office:
    office = _biggest_office()
    missing = max(0, ISSUE_SIZE - len(office.providers))
    joining = list(
        Provider.objects.exclude(office=office.office).order_by("pk").values_list("pk", flat=True)[:missing]
    )
    return Office(office.office, office.agent, office.providers, joining)


def _with_the_joining(run: Callable[[Office], None]) -> Callable[[Office], None]:
    """The office grown to 400 for the run (an UPDATE of the joining rows by key, timed with the rest)."""

    def grown(fixture: Office) -> None:
        Provider.objects.filter(pk__in=fixture.joining).update(office=fixture.office)
        providers = fixture.providers + list(
            Provider.objects.filter(pk__in=fixture.joining).only("pk", "office_id")
        )
        run(Office(fixture.office, fixture.agent, providers))

    return grown


def broadcast_in_bulk(fixture: Office) -> None:
    broadcast(
        office=fixture.office, by=fixture.agent, subject="Banc", body="Message", providers=fixture.providers
    )


def broadcast_one_save_each(fixture: Office) -> None:
    """The naive way: a thread and a message saved one by one."""
    from django.utils import timezone

    now = timezone.now()
    for provider in fixture.providers:
        thread = Thread.objects.create(
            office=fixture.office, provider=provider, subject="Banc", created_at=now, last_message_at=now
        )
        Message.objects.create(
            thread=thread, author=fixture.agent, side=Side.OFFICE, body="Message", created_at=now
        )


def _agent_of_the_biggest_office() -> Client:
    client = Client()
    client.force_login(_biggest_office().agent)
    return client


def broadcast_whole_request(client: Client) -> None:
    """The agent's « Écrire » form posted to all its providers (no filter): the view, the service, the
    redirect; rolled back."""
    with transaction.atomic():
        response = client.post(reverse("messaging:write"), {"subject": "Banc", "body": "Message"})
        assert response.status_code == 302, response
        transaction.set_rollback(True)


def _signed_in_agent() -> Client:
    client = Client()
    client.force_login(User.objects.get(email="bc@demo.test"))
    return client


def inbox_first_page(client: Client) -> None:
    response = client.get(reverse("messaging:inbox"))
    assert response.status_code == 200


BENCHMARKS = [
    Benchmark(
        name="broadcast to the biggest office's providers",
        setup=_biggest_office,
        run=_rolled_back(broadcast_in_bulk),
        baseline=_rolled_back(broadcast_one_save_each),
    ),
    Benchmark(
        name="broadcast to 400 providers (the biggest office grown to 400)",
        setup=_grown_to_400,
        run=_rolled_back(_with_the_joining(broadcast_in_bulk)),
        baseline=_rolled_back(_with_the_joining(broadcast_one_save_each)),
    ),
    Benchmark(
        name="broadcast to all the biggest office's providers, whole request",
        setup=_agent_of_the_biggest_office,
        run=broadcast_whole_request,
    ),
    Benchmark(name="office's inbox, first page, whole request", setup=_signed_in_agent, run=inbox_first_page),
]
