"""The demo's agreements: most confirmed admissions have one, rsge@demo.test keeps one to conclude."""

from datetime import date

import pytest

from portail.admissions.models import Admission
from portail.admissions.models import Status as AdmissionStatus
from portail.agreements.models import Agreement, Status
from portail.demo.generator import DEMO_REGISTER_NUMBER, SCALES, generate

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 28)


def test_the_demo_gives_most_confirmed_admissions_their_agreement():
    generate(scale=SCALES["tiny"], seed=1, today=TODAY)
    held = Admission.objects.filter(status__in=[AdmissionStatus.CONFIRMED, AdmissionStatus.ENDED])
    agreements = Agreement.objects.all()
    assert agreements.count() > held.count() / 2
    assert agreements.filter(status=Status.RECORDED).count() > agreements.count() / 2
    assert all(a.versions.count() == 1 and a.events.exists() for a in agreements[:50])
    # Every ended agreement ended its admission on the same day.
    for agreement in agreements.filter(status=Status.ENDED).select_related("admission"):
        assert agreement.admission.status == AdmissionStatus.ENDED
        assert agreement.admission.end_date == agreement.end_date
    assert Admission.objects.filter(
        provider__register_number=DEMO_REGISTER_NUMBER, status=AdmissionStatus.CONFIRMED, agreement=None
    ).exists()
