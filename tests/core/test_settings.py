"""Settings come from the environment: safe defaults, and production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# Variables of the test process that must not leak into the processes these tests start.
SCRUBBED = {
    "DATABASE_URL",
    "PORTAIL_ENV",
    "DEBUG",
    "SECRET_KEY",
    "PUBLIC_POSITION_SECRET",
    "CACHE_URL",
    "TRUSTED_PROXY_COUNT",
    "MAP_TILE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_POOL_SIZE",
    "DATABASE_REPLICA_URL",
}
PRODUCTION = {
    "PORTAIL_ENV": "production",
    "SECRET_KEY": "k" * 20 + "-une-cle-de-production-longue-et-aleatoire-9f8e7d6c5b4a",
    "ALLOWED_HOSTS": "portail.example.gouv.qc.ca",
    "DATABASE_URL": "postgres://portail@127.0.0.1:5432/portail",
    "PORTAL_URL": "https://portail.example.gouv.qc.ca",
    "PUBLIC_POSITION_SECRET": "p" * 20 + "-une-autre-cle-pour-les-positions-publiques",
    "CACHE_URL": "redis://127.0.0.1:6379/0",
    "TRUSTED_PROXY_COUNT": "1",
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


PRINT_CONNECTIONS = (
    "from django.conf import settings; d = settings.DATABASES['default'];"
    " print(d['CONN_MAX_AGE'], d['OPTIONS'].get('pool'))"
)


def test_postgresql_connections_are_persistent_unless_a_pool_is_asked_for():
    persistent = _run(PRINT_CONNECTIONS, {"DATABASE_URL": "postgres://portail@127.0.0.1:5432/portail"})
    pooled = _run(
        PRINT_CONNECTIONS,
        {"DATABASE_URL": "postgres://portail@127.0.0.1:5432/portail", "DATABASE_POOL_SIZE": "3"},
    )

    assert persistent.stdout.strip() == "60 None", persistent.stderr
    assert pooled.stdout.strip() == "0 {'min_size': 1, 'max_size': 3, 'timeout': 10}", pooled.stderr


def test_a_negative_pool_size_is_refused():
    result = _run(
        "pass", {"DATABASE_URL": "postgres://portail@127.0.0.1:5432/portail", "DATABASE_POOL_SIZE": "-1"}
    )

    assert result.returncode != 0
    assert "DATABASE_POOL_SIZE must be 0" in result.stderr


def test_debug_is_off_unless_asked():
    result = _run("from django.conf import settings; print(settings.DEBUG)", {})

    assert result.stdout.strip() == "False", result.stderr


def test_production_settings_pass_the_deployment_check():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    "missing",
    ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "PORTAL_URL", "PUBLIC_POSITION_SECRET", "CACHE_URL"],
)
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


def test_production_refuses_a_position_secret_equal_to_the_secret_key():
    result = _manage("check", env={**PRODUCTION, "PUBLIC_POSITION_SECRET": PRODUCTION["SECRET_KEY"]})

    assert result.returncode != 0
    assert "PUBLIC_POSITION_SECRET must differ from SECRET_KEY" in result.stderr


@pytest.mark.parametrize("verification", ["none", "optional"])
def test_production_refuses_to_start_without_mandatory_email_verification(verification):
    result = _manage("check", env={**PRODUCTION, "ACCOUNT_EMAIL_VERIFICATION": verification})

    assert result.returncode != 0
    assert "ACCOUNT_EMAIL_VERIFICATION must be mandatory in production" in result.stderr


def test_production_refuses_a_cache_url_that_is_not_a_redis():
    result = _manage("check", env={**PRODUCTION, "CACHE_URL": "locmem://"})

    assert result.returncode != 0
    assert "CACHE_URL must be a redis://" in result.stderr


def test_production_shares_its_cache_and_sessions_through_redis():
    result = _run(
        "from django.conf import settings; c = settings.CACHES['default'];"
        " print(c['BACKEND'], c['LOCATION'], settings.SESSION_ENGINE)",
        PRODUCTION,
    )

    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "redis://127.0.0.1:6379/0",
        "django.contrib.sessions.backends.cached_db",
    ], result.stderr


def test_the_demo_keeps_a_cache_in_each_process():
    result = _run("from django.conf import settings; print(settings.CACHES['default']['BACKEND'])", {})

    assert result.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache", result.stderr


def test_the_demo_generates_its_secrets_once_into_var_instead_of_a_published_one():
    code = (
        "from django.conf import settings; print(settings.SECRET_KEY); print(settings.PUBLIC_POSITION_SECRET)"
    )

    first = _run(code, {}).stdout.split()
    second = _run(code, {}).stdout.split()

    assert first == second
    assert first == [
        (ROOT / "var" / "secret_key").read_text().strip(),
        (ROOT / "var" / "position_secret").read_text().strip(),
    ]
    assert first[0] != first[1]
    assert all(len(secret) >= 50 for secret in first)
    settings_source = (ROOT / "config" / "settings.py").read_text()
    assert first[0] not in settings_source and first[1] not in settings_source


def test_a_tile_server_is_allowed_in_the_policy_only_when_set():
    code = (
        "from django.conf import settings; print(settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'])"
    )

    without = _run(code, {})
    with_tiles = _run(code, {"MAP_TILE_URL": "https://{s}.tile.example.org/{z}/{x}/{y}.png"})

    assert without.stdout.strip() == "[\"'self'\", 'data:']", without.stderr
    assert with_tiles.stdout.strip() == "[\"'self'\", 'data:', 'https://*.tile.example.org']", (
        with_tiles.stderr
    )


def test_a_generated_secret_is_made_once_and_readable_only_by_its_owner(tmp_path):
    from config.env import generated_secret

    path = tmp_path / "var" / "secret_key"

    first = generated_secret(path)

    assert generated_secret(path) == first
    assert len(first) >= 50
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["secret_key"]


def test_a_tile_url_whose_server_cannot_be_told_stops_the_process():
    result = _manage("check", env={"MAP_TILE_URL": "tiles.example.org/{z}/{x}/{y}.png"})

    assert result.returncode != 0
    assert "Cannot tell the server of" in result.stderr
