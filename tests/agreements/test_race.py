"""New versions of one agreement written at the same moment never overlap (PostgreSQL: the agreement's row
lock serializes them; SQLite takes one writer at a time anyway)."""

import threading
from datetime import timedelta
from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from portail.accounts.models import Role
from portail.agreements.models import AgreementVersion, Status
from portail.agreements.services import add_version
from tests.accounts.factories import UserFactory
from tests.agreements.factories import AgreementFactory, terms
from tests.registry.factories import ProviderFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the row lock race needs PostgreSQL"),
]
RACERS = 6


def test_versions_written_at_once_never_overlap(transactional_db):
    provider = ProviderFactory(user=UserFactory(role=Role.PROVIDER))
    agreement = AgreementFactory(status=Status.RECORDED, admission__provider=provider)
    admission = agreement.admission
    by = provider.user
    starts = [admission.planned_start_date + timedelta(days=10 * (n + 1)) for n in range(RACERS)]
    barrier = threading.Barrier(RACERS)
    outcomes: list[str] = []

    def race(start):
        try:
            barrier.wait()
            add_version(agreement=agreement, by=by, terms=terms(admission, effective_from=start))
            outcomes.append("written")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=race, args=[start]) for start in starts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) == RACERS and "written" in outcomes
    versions = list(AgreementVersion.objects.filter(agreement=agreement).order_by("effective_from"))
    assert len(versions) == 1 + outcomes.count("written")
    assert [v.effective_until for v in versions].count(None) == 1
    for earlier, later in pairwise(versions):
        assert earlier.effective_until == later.effective_from - timedelta(days=1)
