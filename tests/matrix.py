"""What the access matrix (tests/test_access_matrix.py) is made of: the URLconf's routes, the actors, the
small world they act in, each URL's arguments, and a snapshot of the data that a refused write must leave
as it was.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern
from django.utils import timezone

from portail.accounts.models import Role, User
from portail.admissions.models import Admission, Delegation, Status
from portail.agreements.models import Agreement
from portail.agreements.models import Status as AgreementStatus
from portail.api.models import ApiClient, Scope
from portail.api.services import register_client
from portail.attendance.models import AttendanceSheet
from portail.attendance.models import Status as SheetStatus
from portail.attendance.periods import period_of
from portail.demo.accounts import create_demo_accounts
from portail.families.models import Child, Choice
from portail.messaging.models import Attachment, Thread
from portail.messaging.services import start_thread
from portail.profiles.services import publish_profile
from portail.registry.models import Facility, OfficeAgent, Provider, RecognitionStatus
from tests.accounts.factories import UserFactory
from tests.agreements.factories import AgreementFactory, ConfirmedAdmissionFactory
from tests.attendance.factories import RecordedAgreementFactory, SheetFactory
from tests.families.factories import ChildFactory, ChoiceFactory, FamilyFileFactory, GuardianFactory
from tests.profiles.factories import ProfileFactory
from tests.registry.factories import FacilityFactory, OfficeAdminFactory, OfficeFactory, ProviderFactory

# Who knocks at each door. `provider` and `office_agent` are the demo's rsge@ and bc@ (an administrator of
# the provider's office); the others are their neighbours, who must find every door of the demo's family
# closed.
ACTORS = [
    "anonymous",
    "parent",  # parent@demo.test: Léa's parent
    "other_parent",  # another family's parent
    "provider",  # rsge@demo.test, recognized: Léa is in its reserve and admitted, awaiting confirmation
    "revoked_provider",  # a provider whose recognition is revoked, Léa still in its reserve
    "office_agent",  # bc@demo.test, administrator of the provider's office
    "other_office_agent",  # an administrator of another office
    "ministry",  # admin@demo.test
]


@dataclass
class World:
    """The demo's accounts and one of everything a URL can name, in as few rows as will do."""

    users: dict[str, User | None]
    provider: Provider
    revoked_provider: Provider
    agent: OfficeAgent
    child: Child
    choice: Choice
    admission: Admission
    facility: Facility
    thread: Thread
    attachment: Attachment
    confirmed: Admission  # Noé's: confirmed, its agreement submitted and subsidized
    to_conclude: Admission  # Jade's: confirmed, no agreement yet
    agreement: Agreement
    api_client: ApiClient  # bc@'s office's management software
    kept: Agreement  # Zoé's: recorded, its attendance kept by the provider
    sheet: AttendanceSheet  # Zoé's last period: submitted to the parent, to sign
    attested: Agreement  # the reports' block: Zoé's, ended, one sheet (an attestation)


def build_world() -> World:
    """The demo's four accounts as tests/conftest.py's `demo_accounts` makes them, and their neighbours."""
    office = OfficeFactory(name="Bureau coordonnateur du Plateau")
    demo_accounts = create_demo_accounts(
        office=office,
        provider=ProviderFactory(
            office=office, first_name="Nathalie", last_name="Bergeron", recognition_date=date(2019, 9, 1)
        ),
    )
    provider = demo_accounts["provider"].provider
    parent = demo_accounts["parent"]
    family = FamilyFileFactory(parent=parent)
    GuardianFactory(family=family, email=parent.email)
    child = ChildFactory(
        family=family,
        first_name="Léa",
        birth_date=timezone.localdate() - timedelta(days=1100),
        desired_start_date=timezone.localdate() + timedelta(days=30),
    )
    choice = ChoiceFactory(child=child, provider=provider)
    admission = Admission.objects.create(
        child=child,
        provider=provider,
        planned_start_date=child.desired_start_date,
        status=Status.ADMITTED,
        admitted_by=demo_accounts["provider"],
    )
    Delegation.objects.create(provider=provider, is_active=True)
    older = timezone.localdate() - timedelta(days=1500)
    confirmed = ConfirmedAdmissionFactory(
        child=ChildFactory(family=family, first_name="Noé", birth_date=older),
        provider=provider,
        planned_start_date=timezone.localdate() + timedelta(days=20),
        admitted_by=demo_accounts["provider"],
    )
    agreement = AgreementFactory(admission=confirmed, created_by=demo_accounts["provider"])
    to_conclude = ConfirmedAdmissionFactory(
        child=ChildFactory(family=family, first_name="Jade", birth_date=older),
        provider=provider,
        planned_start_date=timezone.localdate() + timedelta(days=20),
        admitted_by=demo_accounts["provider"],
    )
    # Zoé attends since two periods ago; her last period, over, waits for the parent's signature.
    last_period = period_of(timezone.localdate()).previous()
    kept = RecordedAgreementFactory(
        admission=ConfirmedAdmissionFactory(
            child=ChildFactory(family=family, first_name="Zoé", birth_date=older),
            provider=provider,
            planned_start_date=last_period.previous().start,
            admitted_by=demo_accounts["provider"],
        ),
        created_by=demo_accounts["provider"],
    )
    sheet = SheetFactory(
        agreement=kept,
        period_start=last_period.start,
        days="PPPPP--" * 4,
        status=SheetStatus.SUBMITTED,
        contribution_paid=Decimal("174.00"),
        submitted_on=timezone.localdate(),
    )
    ProfileFactory(provider=provider)
    publish_profile(provider=provider, by=demo_accounts["provider"])

    revoked = ProviderFactory(
        office=provider.office,
        status=RecognitionStatus.REVOKED,
        user=UserFactory(role=Role.PROVIDER, email="revoque@example.test"),
    )
    ChoiceFactory(child=child, provider=revoked)

    other_parent = cast(User, UserFactory(role=Role.PARENT, email="autre-parent@example.test"))
    GuardianFactory(family__parent=other_parent, email=other_parent.email)
    other_agent = cast(OfficeAgent, OfficeAdminFactory(user__email="autre-bureau@example.test"))
    # A conversation of the demo office with the demo provider, with a file: the others find it closed.
    thread = start_thread(
        provider=provider,
        subject="Visite de la conseillère",
        body="Bonjour, voici le plan.",
        by=demo_accounts["office_agent"],
        attachments=[SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")],
    )

    return World(
        users={
            "anonymous": None,
            "parent": parent,
            "other_parent": other_parent,
            "provider": demo_accounts["provider"],
            "revoked_provider": revoked.user,
            "office_agent": demo_accounts["office_agent"],
            "other_office_agent": other_agent.user,
            "ministry": demo_accounts["ministry"],
        },
        provider=provider,
        revoked_provider=revoked,
        agent=demo_accounts["office_agent"].office_agent,
        child=child,
        choice=choice,
        admission=admission,
        facility=FacilityFactory(),
        thread=thread,
        attachment=Attachment.objects.get(message__thread=thread),
        confirmed=confirmed,
        to_conclude=to_conclude,
        agreement=agreement,
        api_client=register_client(
            by=demo_accounts["office_agent"], name="Gestion BC", vendor="Logiciels Inc.", scopes=Scope.values
        ).client,
        kept=kept,
        sheet=sheet,
        attested=_attested_agreement(family, provider, demo_accounts["provider"]),
    )


def _attested_agreement(family: Any, provider: Provider, by: User) -> Agreement:
    """Zoé's agreement, from 90 days ago to 50 days ago (ended: it holds no place), with its attendance:
    its attestation's pages."""
    start = timezone.localdate() - timedelta(days=90)
    agreement = AgreementFactory(
        admission=ConfirmedAdmissionFactory(
            child=ChildFactory(family=family, first_name="Zoé", birth_date=start - timedelta(days=1200)),
            provider=provider,
            planned_start_date=start,
            admitted_by=by,
            status=Status.ENDED,
            end_date=start + timedelta(days=40),
        ),
        status=AgreementStatus.ENDED,
        created_by=by,
    )
    period = period_of(start).next()  # its first five days are within the agreement
    AttendanceSheet.objects.create(
        agreement=agreement, provider=provider, period_start=period.start, days="P" * 5 + "-" * 23
    )
    return cast(Agreement, agreement)


# What fills each URL parameter, by the parameter's name. When a route's parameter is renamed (a child's
# registration number giving way to an opaque identifier, say), this is the one line to change.
PARAMETERS: dict[str, Callable[[World], Any]] = {
    "file_id": lambda world: world.child.file_id,
    "provider_id": lambda world: world.provider.pk,
    "choice_id": lambda world: world.choice.pk,
    "admission_id": lambda world: world.to_conclude.pk,
    "kind": lambda world: "rsge",
    # The API's attendance upload: the period's first day.
    "start": lambda world: period_of(timezone.localdate()).start.isoformat(),
    # allauth's e-mail confirmation and password reset links: a key that matches nothing.
    "key": lambda world: "cle-inconnue",
    "uidb36": lambda world: "zz",
}
# `pk` names a different object on each route: the route's entry says which.
OBJECTS: dict[str, Callable[[World], Any]] = {
    "admission": lambda world: world.admission.pk,
    "provider": lambda world: world.provider.pk,
    "facility": lambda world: world.facility.pk,
    "agent": lambda world: world.agent.pk,
    "thread": lambda world: world.thread.pk,
    "attachment": lambda world: world.attachment.pk,
    "agreement": lambda world: world.agreement.pk,
    "api_client": lambda world: world.api_client.pk,
    "kept_agreement": lambda world: world.kept.pk,
    "sheet": lambda world: world.sheet.pk,
    "attested": lambda world: world.attested.pk,
}


class UnknownParameter(LookupError):
    pass


def kwargs_for(route: "Route", world: World, *, pk: str | None = None, **given: Any) -> dict[str, Any]:
    """The URL arguments of a route in this world: each parameter filled by its name."""
    kwargs: dict[str, Any] = {}
    for name in route.parameters:
        if name in given:
            kwargs[name] = given[name]
        elif name == "pk":
            if pk not in OBJECTS:
                raise UnknownParameter(
                    f"{route.key}: say which object its `pk` names (pk=…, one of {sorted(OBJECTS)})"
                )
            kwargs[name] = OBJECTS[pk](world)
        elif name in PARAMETERS:
            kwargs[name] = PARAMETERS[name](world)
        else:
            raise UnknownParameter(
                f"{route.key}: no value for the URL parameter `{name}`: add it to tests/matrix.PARAMETERS"
            )
    return kwargs


# The URLconf.


@dataclass(frozen=True)
class Route:
    """One route of the URLconf: its name with its namespaces (or, unnamed, its path), its parameters."""

    key: str
    name: str | None
    path: str
    parameters: tuple[str, ...] = field(default=())

    @property
    def is_admin(self) -> bool:
        return self.path.startswith("admin/")

    @property
    def is_api(self) -> bool:
        """The management software's API: its own matrix, from its served schema (tests/api/)."""
        return self.path.startswith("api/v1/")

    def url(self, kwargs: dict[str, Any]) -> str:
        if self.name is None:
            return "/" + sample_path(self.path)
        return reverse(self.name, kwargs=kwargs)


def _parameters(pattern: Any) -> tuple[str, ...]:
    if isinstance(pattern, RoutePattern):  # path("…/<int:pk>/")
        return tuple(pattern.converters)
    regex = pattern.regex
    return tuple(regex.groupindex) or tuple(f"_{index}" for index in range(regex.groups))


def _walk(patterns: list[Any], prefix: str, namespace: str, parameters: tuple[str, ...]) -> Iterator[Route]:
    for pattern in patterns:
        here = parameters + _parameters(pattern.pattern)
        path = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, path, inner, here)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield Route(key=name or "/" + path, name=name, path=path, parameters=here)


def routes() -> list[Route]:
    """Every route of the URLconf, the apps', allauth's and the admin's, walked through the resolver."""
    return list(_walk(get_resolver().url_patterns, "", "", ()))


def sample_path(path: str) -> str:
    """A path that a route's pattern matches, each parameter given a value: `1`, or a regex's first option."""
    path = re.sub(r"<(?:\w+:)?\w+>", "1", path)

    def group(match: re.Match[str]) -> str:
        body = match.group(1)
        options = body.split("|")
        return options[0] if all(re.fullmatch(r"[\w-]+", option) for option in options) else "1"

    path = re.sub(r"\((?:\?P<\w+>)?([^()]*)\)", group, path)
    return path.replace("^", "").replace("$", "")


# What a refused write must leave as it was.


def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of the portal's own tables (the world is small), a sign-in's time aside."""
    tables = {}
    for model in apps.get_models():
        if not model.__module__.startswith("portail."):
            continue
        rows = list(model._default_manager.order_by("pk").values())
        for row in rows:
            row.pop("last_login", None)
        tables[model._meta.label] = rows
    return tables
