"""The client's address behind the proxies we trust, and limits that one client cannot spend for another."""

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse

from portail.core.client_ip import client_ip

ROOT = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)


def _request(remote: str = "10.0.0.5", forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_ip(_request(forwarded="198.51.100.7")) == "10.0.0.5"


def test_behind_one_proxy_the_client_is_the_address_it_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(_request(forwarded="198.51.100.7")) == "198.51.100.7"


def test_addresses_a_client_wrote_itself_on_the_left_are_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_ip(_request(forwarded="203.0.113.66, 198.51.100.7")) == "198.51.100.7"


def test_behind_two_proxies_the_client_is_the_second_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_ip(_request(forwarded="203.0.113.66, 198.51.100.7, 10.0.0.2")) == "198.51.100.7"


def test_a_header_shorter_than_the_proxy_chain_or_not_an_address_falls_back_to_the_peer(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_ip(_request(forwarded="198.51.100.7")) == "10.0.0.5"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(forwarded="not-an-address")) == "10.0.0.5"


def _sign_in(client, email: str, password: str, *, client_address: str):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        HTTP_X_FORWARDED_FOR=client_address,
        REMOTE_ADDR="10.0.0.2",  # the proxy
    )


def test_behind_the_proxy_one_clients_failures_do_not_block_anothers_sign_in(client, demo_accounts, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for attempt in range(6):
        _sign_in(client, f"inconnu{attempt}@example.test", "mauvais", client_address="198.51.100.1")

    blocked = _sign_in(client, "parent@demo.test", "Demo-portail-2026", client_address="198.51.100.1")
    assert "_auth_user_id" not in client.session
    assert blocked.status_code == 429 or "Trop de tentatives" in blocked.content.decode()

    _sign_in(client, "parent@demo.test", "Demo-portail-2026", client_address="198.51.100.2")
    assert client.session["_auth_user_id"] == str(demo_accounts["parent"].pk)


def test_failures_on_the_portals_sign_in_never_lock_the_admin(client, demo_accounts, settings):
    settings.AXES_ENABLED = True
    for _ in range(8):
        client.post(reverse("account_login"), {"login": "admin@demo.test", "password": "mauvais"})

    response = client.post(
        reverse("admin:login"), {"username": "admin@demo.test", "password": "Demo-portail-2026"}
    )

    assert response.status_code == 302, response.content.decode()[:500]
    assert not AccessAttempt.objects.exists()


def test_behind_the_proxy_one_clients_admin_failures_do_not_lock_another_out(client, demo_accounts, settings):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 1
    url = reverse("admin:login")
    for _ in range(6):
        client.post(
            url,
            {"username": "admin@demo.test", "password": "mauvais"},
            HTTP_X_FORWARDED_FOR="198.51.100.1",
        )
    assert AccessAttempt.objects.get().ip_address == "198.51.100.1"

    response = client.post(
        url,
        {"username": "admin@demo.test", "password": "Demo-portail-2026"},
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )

    assert response.status_code == 302


def _redis_answers() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
    except OSError:
        return False
    return True


CONSUME = """
from allauth.core import ratelimit
from django.test import RequestFactory
request = RequestFactory().post("/comptes/password/reset/", REMOTE_ADDR="{address}")
# Four addresses asked for: only the per-address limit can refuse them.
emails = [f"{run}-{process}-{{n}}@example.test" for n in range(4)]
print(sum(ratelimit.consume(request, action="reset_password", key=email) for email in emails))
"""


@pytest.mark.skipif(not _redis_answers(), reason="no Redis on 127.0.0.1:6379")
def test_two_processes_share_one_rate_limit_through_the_cache():
    # A fresh address and fresh e-mails each run: their counters start at zero in the shared Redis.
    # (allauth counts an IPv6 client by its /64 network: the random part is in the network.)
    bits = uuid.uuid4().int
    address = f"2001:db8:{bits & 0xFFFF:x}:{bits >> 16 & 0xFFFF:x}::1"
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"CACHE_URL", "DJANGO_SETTINGS_MODULE"}},
        "PORTAIL_ENV": "test",
        "CACHE_URL": f"redis://{REDIS[0]}:{REDIS[1]}/15",
    }

    accepted = [
        int(
            subprocess.run(
                [
                    sys.executable,
                    "manage.py",
                    "shell",
                    "--no-imports",
                    "-c",
                    CONSUME.format(address=address, run=bits, process=process),
                ],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=60,
                check=True,
            ).stdout.strip()
        )
        for process in range(2)
    ]

    # The limit is five reset requests an hour per address (ACCOUNT_RATE_LIMITS), whichever process answers.
    assert accepted == [4, 1]
