"""A small world for the API's tests: bc@'s office with one provider that delegates to it, one of each
state of an admission and an agreement, a sheet the parent signed, and tokens of its software and of
another office's."""

import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.utils import timezone
from oauth2_provider.models import AccessToken

from portail.admissions.models import Admission, Delegation, Status
from portail.agreements.models import Agreement
from portail.agreements.models import Status as AgreementStatus
from portail.api.models import ApiClient, Scope
from portail.api.services import register_client
from portail.attendance.models import AttendanceSheet
from portail.attendance.models import Status as SheetStatus
from portail.attendance.periods import period_of
from portail.families.models import Child
from portail.registry.models import Provider
from tests.agreements.factories import AgreementFactory, ConfirmedAdmissionFactory
from tests.families.factories import ChildFactory
from tests.registry.factories import OfficeAdminFactory


@dataclass
class ApiWorld:
    provider: Provider
    admitted: Admission  # awaiting the office's confirmation
    to_conclude: Admission  # confirmed, no agreement yet
    submitted: Agreement  # to record, subsidized, eligibility pending
    recorded: Agreement
    newcomer: Child  # registered, admitted nowhere: its number is given to admit it
    client: ApiClient
    other_client: ApiClient
    draft: Agreement  # entered with `submit: false`
    signed_sheet: AttendanceSheet  # the recorded agreement's last period, signed: to confirm or return


def token_for(client: ApiClient, scopes: list[str] | None = None, *, expires_in: int = 3600) -> str:
    """A token of `client` for `scopes` (all its own by default), as the token endpoint gives one."""
    value = secrets.token_urlsafe(30)
    AccessToken.objects.create(
        application=client.application,
        token=value,
        expires=timezone.now() + timedelta(seconds=expires_in),
        scope=" ".join(client.scope_list if scopes is None else scopes),
    )
    return value


def build(demo_accounts: dict[str, Any]) -> ApiWorld:
    provider = demo_accounts["provider"].provider
    Delegation.objects.create(provider=provider, is_active=True)
    by = demo_accounts["provider"]
    today = timezone.localdate()
    older = today - timedelta(days=3 * 365)
    admitted = Admission.objects.create(
        child=ChildFactory(birth_date=older),
        provider=provider,
        planned_start_date=today + timedelta(days=30),
        status=Status.ADMITTED,
        admitted_by=by,
    )
    kwargs = {"provider": provider, "admitted_by": by, "planned_start_date": today + timedelta(days=20)}
    to_conclude = ConfirmedAdmissionFactory(**kwargs)
    submitted = AgreementFactory(admission=ConfirmedAdmissionFactory(**kwargs), created_by=by)
    recorded = AgreementFactory(
        admission=ConfirmedAdmissionFactory(**kwargs), created_by=by, status=AgreementStatus.RECORDED
    )
    draft = AgreementFactory(
        admission=ConfirmedAdmissionFactory(**kwargs), created_by=by, status=AgreementStatus.DRAFT
    )
    signed_sheet = AttendanceSheet.objects.create(
        agreement=recorded,
        provider=provider,
        period_start=period_of(today).previous().start,
        status=SheetStatus.SIGNED,
        contribution_paid=0,
        submitted_on=today,
        signed_on=today,
        signed_by=recorded.admission.child.family.parent,
    )
    other_admin = OfficeAdminFactory(user__email="autre-bc@example.test")
    return ApiWorld(
        provider=provider,
        admitted=admitted,
        to_conclude=to_conclude,
        submitted=submitted,
        recorded=recorded,
        newcomer=ChildFactory(birth_date=older),
        client=register_client(
            by=demo_accounts["office_agent"], name="Gestion BC", vendor="Logiciels Inc.", scopes=Scope.values
        ).client,
        other_client=register_client(
            by=other_admin.user, name="Autre", vendor="Ailleurs", scopes=Scope.values
        ).client,
        draft=draft,
        signed_sheet=signed_sheet,
    )
