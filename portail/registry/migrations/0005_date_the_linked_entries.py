"""An entry linked to an account has joined the portal: those linked before the day was recorded take the
account's creation day, so that `joined_portal_at` alone says who joined (ProviderQuerySet.joined)."""

from typing import Any

from django.db import migrations
from django.db.models import OuterRef, Subquery


def date_the_linked_entries(apps: Any, schema_editor: Any) -> None:
    Provider = apps.get_model("registry", "Provider")
    User = apps.get_model("accounts", "User")
    Provider.objects.filter(user__isnull=False, joined_portal_at__isnull=True).update(
        joined_portal_at=Subquery(User.objects.filter(pk=OuterRef("user_id")).values("date_joined")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [("registry", "0004_unaccent"), ("accounts", "0001_initial")]

    operations = [migrations.RunPython(date_the_linked_entries, migrations.RunPython.noop)]
