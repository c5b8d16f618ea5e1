"""An example client of the Portail garde API, for an office's management software (docs/api.md).

It gets a token (OAuth 2 client credentials), reads the admissions awaiting confirmation, confirms one with
an idempotency key (safe to retry), uploads a period of attendance for many children in one call (by your
own ids of the agreements), and follows the change feed from a cursor. Only httpx is needed.

    python examples/portail_client.py http://127.0.0.1:8000 gestion-bc-demo \
        demo-secret-du-bureau-pas-pour-la-production
"""

import sys
import time
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import httpx


class ApiError(Exception):
    """A problem detail (RFC 9457) from the API: its status, stable code and message."""

    def __init__(self, status: int, problem: dict[str, Any]):
        super().__init__(f"{status} {problem.get('code')}: {problem.get('detail')}")
        self.status, self.problem = status, problem


class PortailClient:
    def __init__(self, base_url: str, client_id: str, client_secret: str, *, language: str = "fr") -> None:
        self.http = httpx.Client(base_url=base_url.rstrip("/") + "/api/v1", timeout=30)
        self.client_id, self.client_secret, self.language = client_id, client_secret, language
        self.token, self.expires_at = "", 0.0

    def _authorize(self) -> str:
        # A token lasts an hour: ask for a new one a minute before.
        if time.monotonic() > self.expires_at - 60:
            response = self.http.post(
                "/token/",
                data={"grant_type": "client_credentials"},
                auth=(self.client_id, self.client_secret),
            )
            response.raise_for_status()
            answer = response.json()
            self.token, self.expires_at = answer["access_token"], time.monotonic() + answer["expires_in"]
        return self.token

    def request(self, method: str, path: str, *, json: Any = None, idempotency_key: str | None = None) -> Any:
        headers = {"Authorization": f"Bearer {self._authorize()}", "Accept-Language": self.language}
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        for attempt in range(3):
            try:
                response = self.http.request(method, path, json=json, headers=headers)
            except httpx.TransportError:
                # Lost on the way: a read, or a write with its Idempotency-Key, is safe to send again.
                if attempt == 2 or (method != "GET" and not idempotency_key):
                    raise
                continue
            if response.status_code != 429:
                break
            time.sleep(int(response.headers.get("Retry-After", "1")))
        if response.status_code >= 400:
            raise ApiError(response.status_code, response.json())
        return response.json()

    def pages(self, path: str) -> Iterator[dict[str, Any]]:
        """Every row of a list, following the cursor's `next` links."""
        while path:
            page = self.request("GET", path)
            yield from page["results"]
            path = page["next"].split("/api/v1", 1)[1] if page["next"] else ""

    def admissions_to_confirm(self) -> list[dict[str, Any]]:
        return list(self.pages("/admissions/?status=admitted"))

    def confirm(self, admission_id: int, *, key: str | None = None) -> dict[str, Any]:
        # The same key on a retry replays the first answer instead of confirming twice.
        key = key or str(uuid.uuid4())
        return self.request("POST", f"/admissions/{admission_id}/confirm/", json={}, idempotency_key=key)

    def upload_period(
        self, start: date, entries: list[dict[str, Any]], *, key: str | None = None
    ) -> dict[str, Any]:
        """A period's attendance for many children in one call: all written, or none (an ApiError whose
        `invalid_fields` name the wrong entry, `entries.3.days.2026-11-05`). Each entry names its agreement
        by our `agreement` id or your `agreement_ref` ({"source_system", "external_id"}), and gives its
        `days` ({"2026-11-02": "present" | "absent" | "extra" | None}), maybe `contribution_paid`.
        Keep the key to retry: the same key and body replay the first answer instead of writing again."""
        key = key or str(uuid.uuid4())
        return self.request(
            "POST",
            f"/attendance/periods/{start.isoformat()}/",
            json={"entries": entries},
            idempotency_key=key,
        )

    def events(self, after: int = 0) -> tuple[list[dict[str, Any]], int]:
        """The changes after a cursor, and the cursor to ask from next time."""
        found: list[dict[str, Any]] = []
        while True:
            page = self.request("GET", f"/events/?after={after}")
            found += page["events"]
            after = page["next"]
            if not page["more"]:
                return found, after


def period_of(day: date, *, calendar_start: date = date(2025, 9, 1)) -> date:
    """The first day of the 4-week period holding `day` (the portal's calendar: docs/api.md)."""
    return calendar_start + timedelta(days=(day - calendar_start).days // 28 * 28)


WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def last_planned_day(agreement: dict[str, Any], *, today: date) -> date | None:
    """The last day before today, in today's period, that the agreement's terms in force plan."""
    for back in range(1, 29):
        day = today - timedelta(days=back)
        if period_of(day) != period_of(today):
            return None
        for version in agreement["versions"]:
            until = version["effective_until"]
            in_force = version["effective_from"] <= day.isoformat() and (
                not until or day.isoformat() <= until
            )
            if in_force and WEEKDAYS[day.weekday()] in version["days"]:
                return day
    return None


def upload_yesterday(api: PortailClient, *, today: date) -> None:
    """Marks each recorded agreement's child present on its last planned day of this period, provider by
    provider (one call each: a provider that has not authorized the office refuses the whole call)."""
    by_provider: dict[int, list[dict[str, Any]]] = {}
    for agreement in api.pages("/agreements/?status=recorded"):
        day = last_planned_day(agreement, today=today)
        if day is not None:
            entry = {"agreement": agreement["id"], "days": {day.isoformat(): "present"}}
            by_provider.setdefault(agreement["provider"], []).append(entry)
    for provider, entries in by_provider.items():
        try:
            # One key per provider and period: running this again the same day replays the first answer.
            answer = api.upload_period(
                period_of(today), entries, key=f"example-{provider}-{period_of(today).isoformat()}"
            )
        except ApiError as refused:
            print(f"Provider {provider}: {refused}")
            continue
        written = len(answer["sheets"])
        print(f"Provider {provider}: {written} sheet(s) written for the period of {period_of(today)}")


def main(base_url: str, client_id: str, client_secret: str) -> None:
    api = PortailClient(base_url, client_id, client_secret)
    to_confirm = api.admissions_to_confirm()
    print(f"{len(to_confirm)} admission(s) to confirm")
    if to_confirm:
        admission = api.confirm(to_confirm[0]["id"])
        print(f"Admission {admission['id']} is now {admission['status']}")
    upload_yesterday(api, today=date.today())
    events, cursor = api.events()
    for event in events[-5:]:
        print(f"#{event['id']} {event['kind']} {event['object_id']} {event['status']}")
    print(f"Next time, ask for the events after {cursor}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
