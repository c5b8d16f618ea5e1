"""PostgreSQL's `unaccent` extension, for searching and sorting names case and accents aside (core.text).

A trusted extension since PostgreSQL 13: the database's owner may create it. Nothing to do on SQLite, where
the portal registers its own function on each connection.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("registry", "0003_provider_map_index_includes_id")]

    operations = [UnaccentExtension()]
