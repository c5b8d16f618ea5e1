"""manage.py recompute_public_positions: every provider's public position again, after a new secret.

Run it once PUBLIC_POSITION_SECRET has changed (docs/privacy.md, « Rotating the secret »): until then, the
map shows the points derived from the old secret, and a new entry or a moved home gets a point from the new
one. The public positions are not in the register's history (they follow from the home and the secret).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from portail.registry.models import Provider
from portail.registry.services import public_position_of

BATCH_SIZE = 1000


class Command(BaseCommand):
    help = "Derives every provider's public position again from its home and PUBLIC_POSITION_SECRET."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count the positions that would move")

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        moved: list[Provider] = []
        providers = (
            Provider.objects.select_for_update(of=("self",))
            .filter(home__isnull=False)
            .select_related("home")
            .only(
                "register_number", "public_latitude", "public_longitude", "home__latitude", "home__longitude"
            )
            .order_by("pk")
        )
        for provider in providers.iterator(chunk_size=BATCH_SIZE):
            position = public_position_of(
                register_number=provider.register_number,
                latitude=provider.home.latitude,
                longitude=provider.home.longitude,
            )
            if position != (provider.public_latitude, provider.public_longitude):
                provider.public_latitude, provider.public_longitude = position
                moved.append(provider)
        if not options["dry_run"]:
            Provider.objects.bulk_update(
                moved, ["public_latitude", "public_longitude"], batch_size=BATCH_SIZE
            )
        message = _("%(count)d public positions moved.") % {"count": len(moved)}
        if options["dry_run"]:
            message += " " + _("Dry run: nothing was written.")
        self.stdout.write(message)
