"""seed_demo refuses to run in production: its --reset flushes the database."""

import pytest
from django.core.management import CommandError, call_command

from portail.registry.models import CoordinatingOffice
from tests.registry.factories import OfficeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("arguments", [[], ["--reset"]])
def test_seed_demo_refuses_to_run_in_production(settings, arguments):
    settings.PORTAIL_ENV = "production"
    office = OfficeFactory()

    with pytest.raises(CommandError, match="production"):
        call_command("seed_demo", "--scale", "tiny", *arguments)

    assert list(CoordinatingOffice.objects.all()) == [office]
