"""Many admissions racing for the last place, from threads and from processes: exactly one wins.

PostgreSQL only: there, the provider's row lock is what serializes them (SQLite takes one writer at a
time anyway). The data is committed (transactional_db) so that every connection sees it.
"""

import os
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection, connections
from django.utils import timezone

from portail.accounts.models import Role
from portail.admissions.models import Admission
from portail.admissions.rules import RuleBroken
from portail.admissions.services import admit_child
from tests.accounts.factories import UserFactory
from tests.families.factories import ChildFactory
from tests.registry.factories import ProviderFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the row lock race needs PostgreSQL"),
]
ROOT = Path(__file__).resolve().parents[2]
RACERS = 8


def _provider_with_one_place_left():
    provider = ProviderFactory(capacity=6, user=UserFactory(role=Role.PROVIDER))
    start = timezone.localdate() + timedelta(days=30)
    for _ in range(5):
        admit_child(provider=provider, child=_older(), start_date=start, by=provider.user)
    return provider, start


def _older():
    return ChildFactory(birth_date=timezone.localdate() - timedelta(days=1000))


def test_threads_racing_for_the_last_place_exactly_one_wins(transactional_db):
    provider, start = _provider_with_one_place_left()
    children = [_older() for _ in range(RACERS)]
    barrier = threading.Barrier(RACERS)
    outcomes: list[str] = []

    def race(child):
        try:
            barrier.wait()
            admit_child(provider=provider, child=child, start_date=start, by=provider.user)
            outcomes.append("won")
        except RuleBroken:
            outcomes.append("lost")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=race, args=(child,)) for child in children]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["lost"] * (RACERS - 1) + ["won"]
    assert Admission.objects.filter(provider=provider).count() == 6


RACER = """
import sys, time, django
django.setup()
from django.utils.dateparse import parse_date
from portail.accounts.models import User
from portail.admissions.rules import RuleBroken
from portail.admissions.services import admit_child
from portail.families.models import Child
from portail.registry.models import Provider
provider = Provider.objects.get(pk=int(sys.argv[1]))
child = Child.objects.get(pk=int(sys.argv[2]))
user = User.objects.get(pk=provider.user_id)
time.sleep(max(0.0, float(sys.argv[4]) - time.time()))
try:
    admit_child(provider=provider, child=child, start_date=parse_date(sys.argv[3]), by=user)
    print("won")
except RuleBroken:
    print("lost")
"""


def test_processes_racing_for_the_last_place_exactly_one_wins(transactional_db):
    provider, start = _provider_with_one_place_left()
    children = [_older() for _ in range(RACERS)]
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PORTAIL_ENV": "test",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    go = time.time() + 4
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, str(provider.pk), str(child.pk), start.isoformat(), str(go)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for child in children
    ]
    outcomes = []
    for racer in racers:
        out, err = racer.communicate(timeout=120)
        assert racer.returncode == 0, err
        outcomes.append(out.strip())

    assert sorted(outcomes) == ["lost"] * (RACERS - 1) + ["won"]
    assert Admission.objects.filter(provider=provider).count() == 6
