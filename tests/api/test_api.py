"""The API's behaviour: tokens, rotation and revocation, idempotent retries, If-Match, problem details,
the change feed, limits and logs, reads of a child's file."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from oauth2_provider.models import AccessToken

from portail.admissions.models import Admission, AdmissionEvent, Delegation, NumberLookup, Status
from portail.agreements.models import Agreement
from portail.api.models import ApiCall, ApiClient, ChangeEvent, IdempotentAnswer
from portail.api.services import revoke_client, rotate_secret
from portail.families.models import ChildFileRead
from tests.api.conftest import Api, get_token
from tests.api.world import build, token_for


@pytest.fixture
def world(demo_accounts):
    return build(demo_accounts)


@pytest.fixture
def bc(client, world):
    return Api(client, token_for(world.client))


# Tokens, rotation, revocation.


def test_a_token_lasts_an_hour_and_carries_the_clients_scopes(client, software):
    response = get_token(client, software)

    assert response.status_code == 200
    assert response.json()["expires_in"] == 3600
    assert set(response.json()["scope"].split()) == set(software.client.scope_list)


def test_a_wrong_secret_gets_no_token(client, software):
    assert get_token(client, software, secret="pas-le-secret").status_code == 401


def test_a_token_may_not_ask_for_a_scope_the_office_did_not_grant(client, demo_accounts):
    from portail.api.services import register_client

    narrow = register_client(
        by=demo_accounts["office_agent"], name="Lecture", vendor="X", scopes=["admissions:read"]
    )

    assert get_token(client, narrow, scope="admissions:write").status_code == 400


def test_after_a_rotation_both_secrets_work_for_the_grace_period_then_only_the_new(
    client, software, demo_accounts
):
    rotated = rotate_secret(client=software.client, by=demo_accounts["office_agent"])

    assert get_token(client, rotated).status_code == 200
    assert get_token(client, software).status_code == 200  # the old secret, within the grace period
    ApiClient.objects.filter(pk=software.client.pk).update(
        previous_secret_until=timezone.now() - timedelta(seconds=1)
    )
    assert get_token(client, software).status_code == 401
    assert get_token(client, rotated).status_code == 200


def test_the_secret_is_kept_hashed(software):
    stored = software.client.application.__class__.objects.get(
        pk=software.client.application_id
    ).client_secret

    assert software.client_secret not in stored


def test_a_revoked_clients_tokens_stop_at_once(client, software, demo_accounts, make_api):
    api = make_api(software)
    assert api.get("/api/v1/admissions/").status_code == 200

    revoke_client(client=software.client, by=demo_accounts["office_agent"])

    response = api.get("/api/v1/admissions/")
    assert response.status_code == 401
    assert response.json()["code"] == "token_invalid"
    assert get_token(client, software).status_code == 401


def test_an_expired_token_is_refused(client, world):
    api = Api(client, token_for(world.client, expires_in=-1))

    response = api.get("/api/v1/admissions/")

    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert "WWW-Authenticate" in response


def test_only_an_office_admin_registers_rotates_or_revokes(world, demo_accounts):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        rotate_secret(
            client=world.client,
            by=world.other_client.office.agents.exclude(user=world.other_client.user).first().user,
        )


# Idempotency and If-Match.


def test_the_same_key_and_body_replays_the_first_answer(bc, world):
    url = f"/api/v1/admissions/{world.admitted.pk}/refuse/"
    first = bc.post(url, {"reason": "Dossier incomplet"}, HTTP_IDEMPOTENCY_KEY="k-1")
    again = bc.post(url, {"reason": "Dossier incomplet"}, HTTP_IDEMPOTENCY_KEY="k-1")

    assert first.status_code == again.status_code == 200
    assert json.loads(again.content) == json.loads(first.content)
    assert again["Idempotent-Replayed"] == "true"
    assert AdmissionEvent.objects.filter(admission=world.admitted, to_status=Status.REFUSED).count() == 1


def test_the_same_key_with_another_body_is_refused(bc, world):
    url = f"/api/v1/admissions/{world.admitted.pk}/refuse/"
    bc.post(url, {"reason": "Dossier incomplet"}, HTTP_IDEMPOTENCY_KEY="k-2")

    response = bc.post(url, {"reason": "Autre chose"}, HTTP_IDEMPOTENCY_KEY="k-2")

    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"


def test_a_failed_post_keeps_no_answer_and_writes_nothing(bc, world):
    before = AdmissionEvent.objects.count()
    response = bc.post(
        f"/api/v1/admissions/{world.to_conclude.pk}/refuse/",
        {"reason": "Trop tard"},
        HTTP_IDEMPOTENCY_KEY="k-3",
    )

    assert response.status_code == 422
    assert response.json()["code"] == "rule_broken"
    assert not IdempotentAnswer.objects.exists()
    assert Admission.objects.get(pk=world.to_conclude.pk).status == Status.CONFIRMED
    assert AdmissionEvent.objects.count() == before


def test_an_update_needs_the_etag_of_what_was_read(bc, world):
    url = f"/api/v1/providers/{world.provider.pk}/"
    etag = bc.get(url)["ETag"]
    change = {"reason": "Nouveau numéro", "phone": "514-555-0199"}

    assert bc.patch(url, change).status_code == 428
    assert bc.patch(url, change, HTTP_IF_MATCH='"perime"').status_code == 412
    response = bc.patch(url, change, HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    stale = bc.patch(url, {"reason": "Autre", "phone": "514-555-0100"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"


def test_a_register_edit_goes_into_the_same_history_attributed_to_the_software(bc, world):
    url = f"/api/v1/providers/{world.provider.pk}/"
    bc.patch(url, {"reason": "Nouveau numéro", "phone": "514-555-0199"}, HTTP_IF_MATCH=bc.get(url)["ETag"])

    last = world.provider.history.order_by("-history_id").first()
    assert last.history_change_reason == "Nouveau numéro"
    assert last.history_user == world.client.user


def test_a_capacity_under_the_places_held_is_refused_with_its_code(bc, world):
    url = f"/api/v1/providers/{world.provider.pk}/"
    response = bc.patch(url, {"reason": "Baisse", "capacity": 1}, HTTP_IF_MATCH=bc.get(url)["ETag"])

    assert response.status_code == 422
    assert response.json()["code"] == "places_held"


# Bad input: a problem detail, nothing written.


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ('{"reason": ', "malformed_json", None),
        ('{"reason": "x", "colour": "rouge"}', "invalid", "colour"),
        ('{"reason": ["x"]}', "invalid", "reason"),
        ("[1, 2]", "invalid", "non_field_errors"),
    ],
)
def test_bad_bodies_get_a_problem(bc, world, body, code, field):
    response = bc.client.post(
        f"/api/v1/admissions/{world.admitted.pk}/refuse/",
        body,
        content_type="application/json",
        **bc.headers({}),
    )

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == code
    if field:
        assert field in [invalid["name"] for invalid in problem["invalid_fields"]]
    assert Admission.objects.get(pk=world.admitted.pk).status == Status.ADMITTED


def test_a_date_out_of_range_is_named(bc, world):
    response = bc.post(f"/api/v1/admissions/{world.admitted.pk}/confirm/", {"start_date": "9999-12-31"})

    assert response.status_code == 400
    assert response.json()["invalid_fields"][0]["code"] == "date_out_of_range"


def test_a_huge_body_is_refused_before_it_is_read(bc, world, settings):
    settings.API_MAX_BODY_BYTES = 1000
    response = bc.post(f"/api/v1/admissions/{world.admitted.pk}/refuse/", {"reason": "x" * 5000})

    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"


def test_french_by_default_english_when_asked(bc, world):
    url = f"/api/v1/admissions/{world.to_conclude.pk}/confirm/"
    french = bc.post(url, {})
    english = bc.post(url, {}, HTTP_ACCEPT_LANGUAGE="en-CA,en;q=0.8")

    assert french.json()["code"] == english.json()["code"] == "rule_broken"
    assert "Confirmed by the office" in english.json()["detail"]
    assert "Confirmée par le bureau" in french.json()["detail"] or "bureau" in french.json()["detail"]
    assert english["Content-Language"] == "en"


def test_another_offices_objects_are_not_found(client, world):
    other = Api(client, token_for(world.other_client))

    response = other.get(f"/api/v1/admissions/{world.admitted.pk}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_bad_filter_uses_the_maps_code(bc):
    response = bc.get("/api/v1/admissions/?status=perdu")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid_filter"


# Admissions and agreements through the services.


def test_admitting_for_a_provider_takes_the_number_in_the_body_and_logs_the_look_up(bc, world):
    url = f"/api/v1/providers/{world.provider.pk}/admissions/"
    start = (timezone.localdate() + timedelta(days=40)).isoformat()

    wrong = bc.post(url, {"registration_number": "AAA-AAA-AAA", "start_date": start})
    right = bc.post(url, {"registration_number": world.newcomer.display_number, "start_date": start})

    assert wrong.status_code == 422
    assert right.status_code == 201
    assert right.json()["on_behalf_of_provider"] is True
    assert NumberLookup.objects.filter(provider=world.provider, by=world.client.user).count() == 2


def test_admitting_for_a_provider_that_does_not_delegate_says_why_and_looks_nothing_up(bc, world):
    Delegation.objects.filter(provider=world.provider).update(is_active=False)
    start = (timezone.localdate() + timedelta(days=40)).isoformat()

    refused = bc.post(
        f"/api/v1/providers/{world.provider.pk}/admissions/",
        {"registration_number": world.newcomer.display_number, "start_date": start},
    )

    assert refused.status_code == 403
    assert refused.json()["code"] == "not_delegated"
    assert not NumberLookup.objects.filter(provider=world.provider).exists()
    assert not Admission.objects.filter(child=world.newcomer).exists()


def test_an_agreement_is_found_by_the_vendors_own_id(bc, world):
    body = {
        "admission": world.to_conclude.pk,
        "effective_from": world.to_conclude.planned_start_date.isoformat(),
        "basis": "full_day",
        "days": ["monday", "friday"],
        "arrival": "08:00",
        "departure": "16:30",
        "subsidized": False,
        "signed_on": timezone.localdate().isoformat(),
        "source_system": "gestion-bc",
        "external_id": "E-42",
    }
    created = bc.post("/api/v1/agreements/", body)
    assert created.status_code == 201, created.content

    found = bc.get("/api/v1/agreements/?source_system=gestion-bc&external_id=E-42").json()["results"]
    assert [agreement["id"] for agreement in found] == [created.json()["id"]]
    assert found[0]["external_ids"] == [{"source_system": "gestion-bc", "external_id": "E-42"}]
    assert found[0]["versions"][0]["days"] == ["monday", "friday"]


def test_an_external_id_is_unique_within_the_office(bc, world):
    def conclude(admission):
        return bc.post(
            "/api/v1/agreements/",
            {
                "admission": admission.pk,
                "effective_from": admission.planned_start_date.isoformat(),
                "basis": "full_day",
                "days": ["monday"],
                "arrival": "08:00",
                "departure": "16:30",
                "subsidized": False,
                "signed_on": timezone.localdate().isoformat(),
                "source_system": "gestion-bc",
                "external_id": "E-1",
            },
        )

    assert conclude(world.to_conclude).status_code == 201
    from tests.agreements.factories import ConfirmedAdmissionFactory

    second = ConfirmedAdmissionFactory(
        provider=world.provider,
        planned_start_date=world.to_conclude.planned_start_date,
        admitted_by=world.to_conclude.admitted_by,
    )
    response = conclude(second)
    assert response.status_code == 409
    assert response.json()["code"] == "external_id_taken"
    assert not Agreement.objects.filter(admission=second).exists()


def test_reading_an_admission_is_logged_for_the_software_and_its_office(bc, world):
    bc.get(f"/api/v1/admissions/{world.admitted.pk}/")

    read = ChildFileRead.objects.get(child=world.admitted.child)
    assert read.reader == world.client.user
    assert read.office_id == world.client.office_id
    assert read.page == "api:admission"
    assert "logiciel" in read.page_label.lower() or "software" in read.page_label.lower()


def test_a_list_costs_the_same_queries_whatever_its_length(bc, world, django_assert_max_num_queries):
    from tests.admissions.factories import AdmissionFactory

    for _ in range(15):
        AdmissionFactory(provider=world.provider, admitted_by=world.admitted.admitted_by)
    # Authentication (token, client), the last use, the page, the call log.
    with django_assert_max_num_queries(8):
        assert bc.get("/api/v1/admissions/?page_size=50").status_code == 200


# The change feed.


def test_the_feed_lists_the_offices_changes_in_order_after_a_cursor(bc, client, world):
    start = bc.get("/api/v1/events/").json()["next"]
    bc.post(f"/api/v1/admissions/{world.admitted.pk}/confirm/", {})
    bc.post(f"/api/v1/agreements/{world.submitted.pk}/record/")

    page = bc.get(f"/api/v1/events/?after={start}").json()
    assert [(event["kind"], event["object_id"]) for event in page["events"]] == [
        ("admission.confirmed", world.admitted.pk),
        ("agreement.step", world.submitted.pk),
    ]
    assert bc.get(f"/api/v1/events/?after={page['next']}").json()["events"] == []
    other = Api(client, token_for(world.other_client))
    assert other.get(f"/api/v1/events/?after={start}").json()["events"] == []


def test_the_feed_shows_only_what_the_scopes_read(client, world):
    ChangeEvent.objects.all().delete()
    bc = Api(client, token_for(world.client))
    bc.post(f"/api/v1/admissions/{world.admitted.pk}/confirm/", {})
    register_only = Api(client, token_for(world.client, ["register:read"]))

    assert register_only.get("/api/v1/events/").json()["events"] == []


# Limits and logs.


def test_past_the_rate_limit_a_429_says_when_to_retry(bc, settings):
    settings.API_RATE_PER_MINUTE = 2
    assert bc.get("/api/v1/admissions/").status_code == 200
    assert bc.get("/api/v1/admissions/").status_code == 200

    response = bc.get("/api/v1/admissions/")

    assert response.status_code == 429
    assert response.json()["code"] == "rate_limited"
    assert int(response["Retry-After"]) >= 1


def test_every_call_is_logged_without_its_body(bc, world):
    bc.post(f"/api/v1/admissions/{world.admitted.pk}/refuse/", {"reason": "Secret de famille"})

    call = ApiCall.objects.get()
    assert (call.client, call.method, call.status) == (world.client, "POST", 200)
    assert call.path == f"/api/v1/admissions/{world.admitted.pk}/refuse/"
    assert "Secret" not in str(list(ApiCall.objects.values()))
    assert ApiClient.objects.get(pk=world.client.pk).last_used_at is not None


def test_the_token_row_is_gone_after_revocation(world, demo_accounts):
    token_for(world.client)
    revoke_client(client=world.client, by=demo_accounts["office_agent"])

    assert not AccessToken.objects.filter(application=world.client.application).exists()
