"""Service agreements: a confirmed admission, and an agreement with its first version."""

from datetime import time, timedelta

import factory
from django.utils import timezone

from portail.admissions.models import Status as AdmissionStatus
from portail.agreements.models import Agreement, AgreementVersion, Basis, Status
from portail.agreements.rules import Terms
from tests.admissions.factories import AdmissionFactory


class ConfirmedAdmissionFactory(AdmissionFactory):
    status = AdmissionStatus.CONFIRMED
    child = factory.SubFactory(
        "tests.families.factories.ChildFactory",
        birth_date=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3 * 365)),
    )


def terms(admission, **changes) -> Terms:
    """Terms that keep every rule: a full day of 9 hours, Monday to Friday, from the planned start."""
    values = {
        "effective_from": admission.planned_start_date,
        "basis": Basis.FULL_DAY,
        "days": 31,
        "arrival": time(8, 0),
        "departure": time(17, 0),
        "subsidized": True,
        "signed_on": timezone.localdate(),
        "fees": {},
    }
    return Terms(**(values | changes))


class AgreementFactory(factory.django.DjangoModelFactory[Agreement]):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    admission = factory.SubFactory(ConfirmedAdmissionFactory)
    status = Status.SUBMITTED
    created_by = factory.LazyAttribute(lambda agreement: agreement.admission.admitted_by)
    submitted_on = factory.LazyFunction(timezone.localdate)
    end_date = factory.LazyAttribute(
        lambda agreement: (
            agreement.admission.planned_start_date + timedelta(days=40)
            if agreement.status == Status.ENDED
            else None
        )
    )
    end_reason = factory.LazyAttribute(lambda agreement: "parent" if agreement.status == Status.ENDED else "")

    @factory.post_generation
    def version(agreement, create, extracted, **kwargs):
        AgreementVersion.objects.create(
            agreement=agreement,
            effective_from=agreement.admission.planned_start_date,
            basis=Basis.FULL_DAY,
            days=31,
            arrival=time(8, 0),
            departure=time(17, 0),
            subsidized=kwargs.get("subsidized", True),
            signed_on=timezone.localdate(),
            created_by=agreement.created_by,
        )
