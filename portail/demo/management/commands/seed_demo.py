"""Loads the demo data set: the register over a region or all of Québec, facilities, and the demo accounts."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from portail.accounts.models import User
from portail.demo.api import DEMO_CLIENT_ID, DEMO_CLIENT_SECRET
from portail.demo.generator import DEFAULT_SCALE, DEFAULT_SEED, SCALES, generate
from portail.registry.models import CoordinatingOffice, Facility, Provider

DEMO_ACCOUNT = "admin@demo.test"


class Command(BaseCommand):
    help = (
        "Loads the demo data set, unless it is already there. The same seed on the same day gives the same "
        "data: dates are relative to today, so that suspensions end and profiles were published recently."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default=DEFAULT_SCALE)
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--reset", action="store_true", help="Empty the whole database first (flush), then load."
        )

    def handle(self, *args: Any, scale: str, seed: int, reset: bool, **options: Any) -> None:
        # --reset flushes the whole database, and the demo accounts share a published password.
        if settings.PORTAIL_ENV == "production":
            raise CommandError(
                "seed_demo does not run in production (PORTAIL_ENV=production): it is for the demo."
            )
        if reset:
            call_command("flush", interactive=False, verbosity=0)
        elif User.objects.filter(email=DEMO_ACCOUNT).exists():
            self.stdout.write(
                f"Demo data already loaded: {Provider.objects.count():,} providers, "
                f"{CoordinatingOffice.objects.count():,} offices, {Facility.objects.count():,} facilities "
                "(--reset to load it again)."
            )
            return
        elif Provider.objects.exists() or CoordinatingOffice.objects.exists():
            raise CommandError(
                "The database holds register data but no demo accounts: use --reset to replace it."
            )
        today = timezone.localdate()
        summary = generate(scale=SCALES[scale], seed=seed, today=today)
        # Fresh statistics after a bulk load, or the planner guesses a few thousand rows where there are
        # hundreds of thousands, and scans whole tables (PostgreSQL's VACUUM also marks the pages visible).
        with connection.cursor() as cursor:
            vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        counts = summary.counts
        self.stdout.write(
            f"Loaded the {scale!r} demo data set (seed {seed}, {today}) in {summary.seconds:.1f} s:\n"
            f"  {counts['offices']:,} coordinating offices in {counts['regions']} regions\n"
            f"  {counts['providers']:,} providers: {counts['joined']:,} joined the portal, "
            f"{counts['published']:,} published their profile, {counts['suspended']:,} suspended, "
            f"{counts['not_renewed'] + counts['revoked'] + counts['ceased']:,} "
            "not renewed, revoked or ceased\n"
            f"  {counts['facilities']:,} facilities: {counts['cpe']:,} CPE, {counts['gs']:,} subsidized and "
            f"{counts['gns']:,} non-subsidized daycares\n"
            f"  {counts['families']:,} families with {counts['children']:,} children, "
            f"who chose {counts['choices']:,} services\n"
            f"  {counts['admissions']:,} children admitted, {counts['awaiting']:,} of them awaiting "
            "their office's confirmation\n"
            f"  {counts['accounts']:,} accounts; sign in as parent@, rsge@, bc@ or admin@demo.test\n"
            f"  bc@'s management software for the API (docs/api.md): client_id {DEMO_CLIENT_ID}, "
            f"client_secret {DEMO_CLIENT_SECRET}"
        )
