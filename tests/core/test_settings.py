"""Settings come from the environment: safe defaults, and production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# Variables of the test process that must not leak into the processes these tests start.
SCRUBBED = {"DATABASE_URL", "PORTAIL_ENV", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
PRODUCTION = {
    "PORTAIL_ENV": "production",
    "SECRET_KEY": "k" * 20 + "-une-cle-de-production-longue-et-aleatoire-9f8e7d6c5b4a",
    "ALLOWED_HOSTS": "portail.example.gouv.qc.ca",
    "DATABASE_URL": "postgres://portail@127.0.0.1:5432/portail",
    "PORTAL_URL": "https://portail.example.gouv.qc.ca",
}


def _run(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in SCRUBBED}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_without_database_url_the_portal_uses_a_sqlite_file_in_wal_mode(tmp_path):
    result = _run(
        "from django.db import connection; c = connection.cursor(); c.execute('PRAGMA journal_mode');"
        " print(connection.vendor, c.fetchone()[0])",
        {"SQLITE_PATH": str(tmp_path / "portail.sqlite3")},
    )

    assert result.stdout.split() == ["sqlite", "wal"], result.stderr


def test_a_postgres_database_url_selects_postgresql():
    result = _run(
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        {"DATABASE_URL": "postgres://portail@127.0.0.1:5432/portail"},
    )

    assert result.stdout.strip() == "django.db.backends.postgresql", result.stderr


def test_debug_is_off_unless_asked():
    result = _run("from django.conf import settings; print(settings.DEBUG)", {})

    assert result.stdout.strip() == "False", result.stderr


def test_production_settings_pass_the_deployment_check():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "PORTAL_URL"])
def test_production_refuses_to_start_without_a_required_variable(missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}

    result = _manage("check", env=env)

    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_a_malformed_variable_stops_the_process_with_its_name():
    result = _manage("check", env={"DEBUG": "peut-être"})

    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_the_suite_runs_on_the_database_ci_asked_for():
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"

    assert connection.vendor == expected
