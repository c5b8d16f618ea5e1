"""Loads the demo data set: the register around Montréal and the four demo accounts."""

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from portail.accounts.demo import create_demo_accounts
from portail.accounts.models import User
from portail.registry.models import CoordinatingOffice, Territory
from portail.registry.services import create_provider


class Command(BaseCommand):
    help = "Loads demo data (skipped when the demo accounts already exist)."

    def handle(self, *args: Any, **options: Any) -> None:
        if User.objects.filter(email="admin@demo.test").exists():
            self.stdout.write("Demo data already loaded.")
            return
        with transaction.atomic():
            territory = Territory.objects.create(name="Plateau-Mont-Royal", region="Montréal")
            office = CoordinatingOffice.objects.create(
                number="BC-0601",
                name="Bureau coordonnateur du Plateau",
                email="bc-plateau@demo.test",
                phone="514 555-0100",
                territory=territory,
            )
            provider = create_provider(
                office=office,
                register_number="RSGE-060001",
                first_name="Nathalie",
                last_name="Bergeron",
                municipality="Montréal",
                recognition_date=date(2019, 9, 1),
                capacity=6,
                subsidized_places=6,
                street_address="4321, rue Saint-Denis",
                postal_code="H2J 2K9",
                latitude=45.5268,
                longitude=-73.5801,
            )
            create_demo_accounts(office=office, provider=provider)
        self.stdout.write("Demo data loaded.")
