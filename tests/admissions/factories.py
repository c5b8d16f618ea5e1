"""Admissions."""

import factory
from django.utils import timezone

from portail.admissions.models import Admission, Status
from tests.families.factories import ChildFactory
from tests.registry.factories import ProviderFactory


class AdmissionFactory(factory.django.DjangoModelFactory[Admission]):
    class Meta:
        model = Admission

    child = factory.SubFactory(ChildFactory)
    provider = factory.SubFactory(ProviderFactory)
    planned_start_date = factory.LazyFunction(timezone.localdate)
    status = Status.ADMITTED
    admitted_by = factory.LazyAttribute(
        lambda admission: admission.provider.user or admission.child.family.parent
    )
