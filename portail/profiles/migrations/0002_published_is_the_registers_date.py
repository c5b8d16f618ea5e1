"""Published is one fact, the register's `Provider.profile_published_at`: an entry dated as published with no
version stored had nothing for parents to see, so it is not published."""

from typing import Any

from django.db import migrations


def undate_the_entries_without_a_version(apps: Any, schema_editor: Any) -> None:
    Provider = apps.get_model("registry", "Provider")
    Provider.objects.filter(profile_published_at__isnull=False).exclude(profile__published__isnull=False).update(
        profile_published_at=None
    )


class Migration(migrations.Migration):
    dependencies = [("profiles", "0001_initial"), ("registry", "0006_provider_account_has_joined")]

    operations = [migrations.RunPython(undate_the_entries_without_a_version, migrations.RunPython.noop)]
