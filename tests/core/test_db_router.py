"""Where each read goes once a replica is configured: the public map's to the replica, the rest to the
primary (portail/core/db_router.py)."""

import time

import pytest
from django.db import transaction
from django.test import RequestFactory

from portail.accounts.models import User
from portail.core.db_router import (
    PRIMARY,
    REPLICA,
    SESSION_KEY,
    PublicReadRouter,
    ReadYourWritesMiddleware,
    public_read,
)
from portail.registry.models import Provider
from tests.accounts.factories import UserFactory

router = PublicReadRouter()


@pytest.fixture
def replica(monkeypatch):
    """As when DATABASE_REPLICA_URL names a replica (no query reaches it in these tests)."""
    monkeypatch.setattr("portail.core.db_router.has_replica", lambda: True)


class FakeSession(dict):
    pass


def _request(user=None, **session):
    request = RequestFactory().get("/carte/")
    request.user = user or type("Anonymous", (), {"is_authenticated": False})()
    request.session = FakeSession(session)
    return request


def _reads_of(request, model=Provider):
    chosen = {}

    @public_read
    def view(request):
        chosen["db"] = router.db_for_read(model)
        return None

    view(request)
    return chosen["db"]


@pytest.mark.usefixtures("replica")
def test_a_public_page_reads_the_register_from_the_replica():
    assert _reads_of(_request()) == REPLICA


@pytest.mark.usefixtures("replica")
def test_a_page_that_is_not_public_reads_the_primary():
    assert router.db_for_read(Provider) == PRIMARY


@pytest.mark.usefixtures("replica")
def test_accounts_and_sessions_are_read_from_the_primary_even_on_a_public_page():
    assert _reads_of(_request(), model=User) == PRIMARY


@pytest.mark.usefixtures("replica")
@pytest.mark.django_db
def test_a_read_inside_a_transaction_goes_to_the_primary():
    with transaction.atomic():
        assert _reads_of(_request()) == PRIMARY


@pytest.mark.usefixtures("replica")
@pytest.mark.django_db(transaction=True)  # outside a test's transaction, as a request is
def test_a_signed_in_user_who_just_wrote_reads_the_primary_then_the_replica_again():
    user = UserFactory()
    assert _reads_of(_request(user, **{SESSION_KEY: time.time() + 5})) == PRIMARY
    assert _reads_of(_request(user, **{SESSION_KEY: time.time() - 1})) == REPLICA


@pytest.mark.usefixtures("replica")
@pytest.mark.django_db
def test_a_signed_in_user_s_write_marks_its_session_and_a_read_does_not():
    user = UserFactory()
    middleware = ReadYourWritesMiddleware(lambda request: None)
    post = RequestFactory().post("/rsge/fiche/")
    post.user, post.session = user, FakeSession()
    middleware(post)
    assert post.session[SESSION_KEY] > time.time()
    get = _request(user)
    middleware(get)
    assert SESSION_KEY not in get.session


def test_without_a_replica_everything_reads_and_writes_the_primary():
    assert _reads_of(_request()) == PRIMARY
    assert router.db_for_write(Provider) == PRIMARY


def test_writes_and_migrations_stay_on_the_primary():
    assert router.db_for_write(Provider) == PRIMARY
    assert router.allow_migrate(PRIMARY, "registry")
    assert not router.allow_migrate(REPLICA, "registry")
