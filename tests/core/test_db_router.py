"""Where each read goes with a replica: the public map's to the replica, the rest to the primary
(portail/core/db_router.py). The tests' settings give the alias `replica` as a test mirror of the primary:
the same database through its own connection, so each query is seen on the connection that ran it."""

import time

import pytest
from django.db import connections, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portail.accounts.models import User
from portail.core.db_router import (
    PRIMARY,
    REPLICA,
    SESSION_KEY,
    PublicReadRouter,
    ReadYourWritesMiddleware,
    has_replica,
    public_read,
)
from portail.registry.models import Provider
from tests.accounts.factories import UserFactory
from tests.registry.factories import ProviderFactory

router = PublicReadRouter()
BOTH = [PRIMARY, REPLICA]
# Outside a test's transaction, as a request is: a read inside one stays on the primary.
as_a_request = pytest.mark.django_db(transaction=True, databases=BOTH)


class FakeSession(dict):
    pass


def _request(user=None, **session):
    request = RequestFactory().get("/carte/")
    request.user = user or type("Anonymous", (), {"is_authenticated": False})()
    request.session = FakeSession(session)
    return request


def _queries_of(request, read):
    """The queries of `read` inside a public page, by the connection that ran them."""

    @public_read
    def view(request):
        read()

    with (
        CaptureQueriesContext(connections[PRIMARY]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        view(request)
    return {PRIMARY: len(primary), REPLICA: len(replica)}


def test_the_tests_run_with_a_replica_alias():
    assert has_replica()
    assert connections[REPLICA].settings_dict["TEST"]["MIRROR"] == PRIMARY


@as_a_request
def test_a_public_page_reads_the_register_from_the_replica():
    provider = ProviderFactory()
    assert _queries_of(_request(), lambda: Provider.objects.get(pk=provider.pk)) == {PRIMARY: 0, REPLICA: 1}


@as_a_request
def test_a_page_that_is_not_public_reads_the_primary():
    ProviderFactory()
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        assert Provider.objects.count() == 1
    assert not replica.captured_queries


@as_a_request
def test_accounts_are_read_from_the_primary_even_on_a_public_page():
    user = UserFactory()
    assert _queries_of(_request(), lambda: User.objects.get(pk=user.pk)) == {PRIMARY: 1, REPLICA: 0}


@as_a_request
def test_a_read_inside_a_transaction_goes_to_the_primary():
    ProviderFactory()

    def read_in_a_transaction():
        with transaction.atomic():
            Provider.objects.count()

    queries = _queries_of(_request(), read_in_a_transaction)
    assert queries[REPLICA] == 0
    assert queries[PRIMARY] >= 1


@as_a_request
def test_a_signed_in_user_who_just_wrote_reads_the_primary_then_the_replica_again():
    user = UserFactory()
    ProviderFactory()
    count = Provider.objects.count
    assert _queries_of(_request(user, **{SESSION_KEY: time.time() + 5}), count) == {PRIMARY: 1, REPLICA: 0}
    assert _queries_of(_request(user, **{SESSION_KEY: time.time() - 1}), count) == {PRIMARY: 0, REPLICA: 1}


@as_a_request
def test_a_write_on_a_public_page_goes_to_the_primary():
    provider = ProviderFactory()
    queries = _queries_of(
        _request(), lambda: Provider.objects.filter(pk=provider.pk).update(service_name="Les Lucioles")
    )
    assert queries == {PRIMARY: 1, REPLICA: 0}


@as_a_request
def test_the_map_s_pages_read_the_replica(client):
    ProviderFactory()
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        response = client.get(reverse("directory:points"), {"q": "H2X", "radius": "50"})
    assert response.status_code == 200
    assert replica.captured_queries


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


# Only `has_replica` reads the setting here: no connection is opened through it.
@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")
def test_without_a_replica_everything_reads_and_writes_the_primary(settings):
    settings.DATABASES = {PRIMARY: settings.DATABASES[PRIMARY]}
    chosen = {}

    @public_read
    def view(request):
        chosen["db"] = router.db_for_read(Provider)

    view(_request())
    assert chosen["db"] == PRIMARY
    assert router.db_for_write(Provider) == PRIMARY


def test_writes_and_migrations_stay_on_the_primary():
    assert router.db_for_write(Provider) == PRIMARY
    assert router.allow_migrate(PRIMARY, "registry")
    assert not router.allow_migrate(REPLICA, "registry")
