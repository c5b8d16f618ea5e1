"""The restore drill: a dump of the test database restores into a throw-away one with the same rows."""

import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from tests.registry.factories import ProviderFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),  # pg_dump sees only what is committed
    pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed"),
]


@pytest.fixture
def database_url():
    if connection.vendor != "postgresql":
        pytest.skip("the drill dumps a PostgreSQL database")
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _drill(database_url: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(ROOT / "scripts" / "restore-drill")],
        env={**os.environ, "DATABASE_URL": database_url, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _drill_databases() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE 'restore_drill%%'")
        return [name for (name,) in cursor.fetchall()]


def test_the_dump_restores_with_as_many_rows_and_the_copy_is_dropped(database_url):
    ProviderFactory.create_batch(2)
    leftovers = _drill_databases()

    result = _drill(database_url)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "registry_provider: 2 rows, as in the original" in result.stdout
    assert "registry_providerhome: 2 rows, as in the original" in result.stdout
    assert _drill_databases() == leftovers


def test_the_drill_fails_when_a_table_cannot_be_counted_in_the_copy(database_url):
    leftovers = _drill_databases()

    result = _drill(database_url, DRILL_TABLES="registry_provider no_such_table")

    assert result.returncode != 0
    assert _drill_databases() == leftovers
