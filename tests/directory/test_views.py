"""The map's pages and JSON: the list, the points, the suggestions, each service's page, and bad input."""

import pytest
from django.urls import reverse
from django.utils import timezone

from portail.profiles.models import ProviderProfile
from portail.registry.models import Provider
from tests.admissions.factories import AdmissionFactory
from tests.directory.conftest import point_at

pytestmark = pytest.mark.django_db
SEARCH = reverse("directory:search")
POINTS = reverse("directory:points")


def test_the_page_lists_the_services_nearest_first_in_french(client, provider_at, facility_at):
    provider_at(2.5, service_name="Les Petits Lutins", closes_at=None)
    facility_at(1.25, name="CPE du Plateau")

    response = client.get(SEARCH, {"q": "h2x 1y4", "radius": "5"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "2 services à moins de 5 km de H2X (Plateau Mont-Royal)" in html
    assert html.index("CPE du Plateau") < html.index("Les Petits Lutins")
    assert "1,2 km" in html and "2,5 km" in html
    assert "Détails et admission" in html
    assert "Places disponibles" in html and "non précisé" in html
    assert "GeoNames" in html


def test_a_provider_without_a_service_name_is_shown_as_home_childcare_never_by_its_name(client, provider_at):
    provider = provider_at(1, first_name="Ginette", last_name="Tremblay", municipality="Montréal")

    html = client.get(SEARCH, {"q": "H2X"}).content.decode()

    assert "Milieu familial — Montréal" in html
    assert provider.first_name not in html and provider.last_name not in html


def test_days_and_hours_read_in_french(client, provider_at):
    from datetime import time

    provider_at(1, opening_days=31, opens_at=time(7, 0), closes_at=time(17, 30))

    assert "lun. au ven., 7 h à 17 h 30" in client.get(SEARCH, {"q": "H2X"}).content.decode()


def test_a_search_without_result_says_so(client, db):
    html = client.get(SEARCH, {"q": "Trois-Rivières"}).content.decode()

    assert "0 service à moins de 5 km de Trois-Rivières" in html
    assert "Aucun service ne correspond : essayez un plus grand rayon ou moins de filtres." in html


def test_the_form_s_filters_reach_the_search(client, provider_at, facility_at):
    published = provider_at(1, profile_published_at=timezone.now())
    provider_at(1)
    facility_at(1, kind="gns")

    data = client.get(POINTS, {"q": "H2X", "published": "on", "kind": ["rsge", "cpe"]}).json()

    assert data["points"]["id"] == [published.pk]


def test_the_list_and_the_pages_say_how_many_places_are_available(client, provider_at, facility_at):
    room = provider_at(1, capacity=3, service_name="Les Lucioles")
    full = provider_at(2, capacity=1, service_name="Le Nid")
    AdmissionFactory(provider=room)
    AdmissionFactory(provider=full)
    facility_at(3, name="CPE du Plateau")

    html = client.get(SEARCH, {"q": "H2X"}).content.decode()
    lucioles, nid, cpe = (html.index(name) for name in ["Les Lucioles", "Le Nid", "CPE du Plateau"])

    assert "2 places" in html[lucioles:nid]
    assert "aucune pour le moment" in html[nid:cpe]
    assert "non précisé" in html[cpe:]
    page = client.get(reverse("directory:provider", args=[room.pk])).content.decode()
    assert "2 places" in page
    summary = client.get(reverse("directory:summary", args=["rsge", full.pk])).content.decode()
    assert "aucune pour le moment" in summary


def test_the_places_filter_reaches_the_search_from_the_form(client, provider_at, facility_at):
    room = provider_at(1, capacity=2)
    full = provider_at(1, capacity=1)
    AdmissionFactory(provider=full)
    facility_at(1)

    data = client.get(POINTS, {"q": "H2X", "places": "on"}).json()
    html = client.get(SEARCH, {"q": "H2X", "places": "on"}).content.decode()

    assert data["points"]["id"] == [room.pk]
    assert "1 service à moins de 5 km" in html
    assert "Seulement les services qui ont des places disponibles" in html


def test_an_htmx_search_gets_the_search_block_alone(client, provider_at):
    provider_at(1)

    response = client.get(SEARCH, {"q": "H2X"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="recherche"')
    assert "<html" not in html
    assert "HX-Request" in response.headers["Vary"]


def test_the_list_is_paged_by_20(client, provider_at):
    for n in range(23):
        provider_at(0.1 + n * 0.1)

    first = client.get(SEARCH, {"q": "H2X"}).content.decode()
    second = client.get(SEARCH, {"q": "H2X", "page": "2"}).content.decode()

    assert first.count('class="service-list__item"') == 20
    assert second.count('class="service-list__item"') == 3
    assert "Page 2 sur 2" in second


@pytest.mark.parametrize("page", ["-1", "0", "abc", "1e9"])
def test_a_junk_or_negative_page_number_shows_the_first_page_and_says_so(client, provider_at, page):
    provider_at(1)

    response = client.get(SEARCH, {"q": "H2X", "page": page})

    assert response.status_code == 200
    assert "Ce numéro de page n’existe pas : voici la première page." in response.content.decode()
    assert response.content.decode().count('class="service-list__item"') == 1


def test_a_page_past_the_end_shows_the_last_page(client, provider_at):
    provider_at(1)

    response = client.get(SEARCH, {"q": "H2X", "page": "999999999999999999999"})

    assert response.status_code == 200
    assert response.content.decode().count('class="service-list__item"') == 1


def test_the_points_are_compact_columns_of_every_service_in_the_radius(client, provider_at, facility_at):
    for n in range(25):
        provider_at(0.1 + n * 0.1)
    facility = facility_at(1)
    provider_at(6)

    data = client.get(POINTS, {"q": "H2X", "radius": "5"}).json()

    assert data["count"] == 26
    assert set(data["points"]) == {"kind", "id", "lat_e4", "lon_e4", "published"}
    assert len(data["points"]["id"]) == 26
    services = list(zip(data["points"]["kind"], data["points"]["id"], strict=True))
    index = services.index(("cpe", facility.pk))
    assert data["points"]["lat_e4"][index] == round(facility.latitude * 10_000)
    assert data["points"]["published"][index] == 1


def test_suggestions_are_datalist_options_of_towns(client, db):
    response = client.get(reverse("directory:suggestions"), {"q": "trois-riv"})

    assert '<option value="Trois-Rivières">' in response.content.decode()
    assert client.get(reverse("directory:suggestions"), {"q": "x" * 10_000}).content.decode().strip() == ""


def test_an_unpublished_provider_page_says_so_with_its_public_facts(client, provider_at):
    provider = provider_at(1, capacity=6, municipality="Laval")

    html = client.get(reverse("directory:provider", args=[provider.pk])).content.decode()

    assert "Cette RSGE n’a pas encore publié sa fiche descriptive." in html
    assert "Laval" in html and "6 enfants" in html


def test_a_published_provider_page_shows_its_profile(client, provider_at):
    provider = provider_at(1, profile_published_at=timezone.now())
    ProviderProfile.objects.create(
        provider=provider,
        published={"hours": {"mon": ["07:00", "17:00"]}, "presentation": "Grande cour clôturée."},
    )

    html = client.get(reverse("directory:provider", args=[provider.pk])).content.decode()

    assert "Grande cour clôturée." in html
    assert "pas encore publié" not in html


def test_a_provider_not_shown_on_the_map_has_no_page(client, provider_at):
    revoked = provider_at(1, status="revoked")

    assert client.get(reverse("directory:provider", args=[revoked.pk])).status_code == 404
    assert client.get(reverse("directory:summary", args=["rsge", revoked.pk])).status_code == 404


def test_a_facility_page_shows_its_address_type_and_places(client, facility_at):
    facility = facility_at(1, name="CPE Soleil", street_address="12, rue Saint-Denis")

    html = client.get(reverse("directory:facility", args=[facility.pk])).content.decode()

    assert "CPE Soleil" in html and "12, rue Saint-Denis" in html
    assert "Centre de la petite enfance (CPE)" in html


def test_a_marker_summary_links_to_the_details(client, provider_at):
    provider = provider_at(1)

    html = client.get(reverse("directory:summary", args=["rsge", provider.pk])).content.decode()

    assert reverse("directory:provider", args=[provider.pk]) in html
    assert "Détails et admission" in html


# Bad input: a French message at the field, or a 400 with a stable code; and no query at all.
BAD_INPUT = [
    ({"q": "H2X", "radius": "0"}, "radius", "radius_out_of_range", "Le rayon doit être entre 1 et 50 km."),
    ({"q": "H2X", "radius": "51"}, "radius", "radius_out_of_range", "Le rayon doit être entre 1 et 50 km."),
    ({"q": "H2X", "radius": "cinq"}, "radius", "radius_invalid", "Entrez le rayon en kilomètres"),
    ({"q": "K1A 0B1"}, "q", "outside_quebec", "Ce code postal n’est pas au Québec"),
    (
        {"q": "Atlantide"},
        "q",
        "unknown_place",
        "Entrez un code postal (ex. H2X 1Y4) ou le nom d’une municipalité.",
    ),
    ({"q": "x" * 10_240}, "q", "address_too_long", "Entrez au plus 100 caractères"),
    ({"q": "H2X\x00"}, "q", "address_invalid", "Le caractère nul n’est pas autorisé."),
    (
        {"radius": "5"},
        "q",
        "address_required",
        "Entrez un code postal (ex. H2X 1Y4) ou le nom d’une municipalité.",
    ),
    ({"q": "H2X", "kind": "zoo"}, "kind", "invalid_filter", "Sélectionnez un choix valide"),
    ({"q": "H2X", "age": "teen"}, "age", "invalid_filter", "Sélectionnez un choix valide"),
    ({"q": "H2X", "period": "nights"}, "period", "invalid_filter", "Sélectionnez un choix valide"),
]


@pytest.mark.parametrize(
    ("params", "field", "code", "message"), BAD_INPUT, ids=[case[2] for case in BAD_INPUT]
)
def test_bad_input_gets_a_french_message_at_its_field_without_a_query(
    client, params, field, code, message, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(SEARCH, params)

    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in html
    assert message in html


@pytest.mark.parametrize(
    ("params", "field", "code", "message"), BAD_INPUT, ids=[case[2] for case in BAD_INPUT]
)
def test_bad_input_gets_a_400_with_a_stable_code_from_the_json_without_a_query(
    client, params, field, code, message, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(POINTS, params)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert message in response.json()["error"]["message"]


def test_the_search_and_the_json_take_a_fixed_number_of_queries(
    client, provider_at, facility_at, django_assert_num_queries
):
    for n in range(30):
        provider_at(0.1 + n * 0.1)
        facility_at(0.1 + n * 0.1)

    with django_assert_num_queries(2):  # the map's index is built: one statement per table
        client.get(SEARCH, {"q": "H2X"})
    with django_assert_num_queries(0):  # then searches and points read it
        client.get(SEARCH, {"q": "H2X", "radius": "50", "page": "2"})
        client.get(POINTS, {"q": "H2X", "radius": "50"})


def test_the_radius_edges_hold_through_the_json(client, provider_at):
    inside, outside = provider_at(4.9, 10), provider_at(5.1, 10)

    ids = client.get(POINTS, {"q": "H2X", "radius": "5"}).json()["points"]["id"]

    assert inside.pk in ids and outside.pk not in ids


def test_a_provider_at_a_known_point_is_found_at_its_public_position(client, db):
    from tests.registry.factories import ProviderFactory

    lat, lon = point_at(1)
    provider = ProviderFactory(latitude=lat, longitude=lon)
    public = Provider.objects.values_list("public_latitude", "public_longitude").get(pk=provider.pk)

    data = client.get(POINTS, {"q": "H2X"}).json()["points"]
    index = list(zip(data["kind"], data["id"], strict=True)).index(("rsge", provider.pk))

    # The database rounds halves away from zero, Python to even: one unit (about 11 m) apart at most.
    shown = (data["lat_e4"][index], data["lon_e4"][index])
    assert all(abs(s - round(c * 10_000)) <= 1 for s, c in zip(shown, public, strict=True))


def test_a_suspended_provider_shown_before_its_return_says_so_in_the_list_the_popup_and_its_page(
    client, provider_at
):
    from datetime import timedelta

    today = timezone.localdate()
    provider = provider_at(
        1,
        service_name="Garderie Tournesol",
        status="suspended",
        suspension_start=today - timedelta(days=20),
        suspension_planned_return=today + timedelta(days=10),
        show_before_return=True,
    )
    said = "Suspendue pour le moment : retour prévu le"

    assert said in client.get(SEARCH, {"q": "H2X"}).content.decode()
    assert said in client.get(reverse("directory:summary", args=["rsge", provider.pk])).content.decode()
    assert said in client.get(reverse("directory:provider", args=[provider.pk])).content.decode()


def test_an_open_provider_says_nothing_of_a_suspension(client, provider_at):
    provider = provider_at(1, service_name="Chez Ginette")

    assert "Suspendue" not in client.get(reverse("directory:provider", args=[provider.pk])).content.decode()


def test_an_english_visitor_reads_the_list_in_english(client, provider_at):
    from datetime import time

    from django.conf import settings

    provider_at(1, opening_days=31, opens_at=time(7, 0), closes_at=time(17, 30))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(SEARCH, {"q": "H2X"}).content.decode()

    assert "Mon. to Fri., 7:00 to 17:30" in html
    assert 'Details and admission<span class="visually-hidden">: ' in html
    for french in ("Détails et admission", "7 h", "lun.", "Places disponibles"):
        assert french not in html


def test_a_provider_s_page_and_popup_read_the_map_s_index(client, provider_at, django_assert_num_queries):
    provider = provider_at(1, service_name="Les Lutins")
    client.get(SEARCH, {"q": "H2X"})  # the index is built
    page = reverse("directory:provider", args=[provider.pk])
    popup = reverse("directory:summary", args=["rsge", provider.pk])

    with django_assert_num_queries(0):  # not published: nothing more to read
        assert "Les Lutins" in client.get(page).content.decode()
        assert "Les Lutins" in client.get(popup).content.decode()
    ProviderProfile.objects.filter(provider=provider).delete()
    provider.profile_published_at = timezone.now()
    provider.save()
    client.get(SEARCH, {"q": "H2X"})
    with django_assert_num_queries(1):  # its published profile
        client.get(page)


def test_search_forms_share_their_fields_but_not_their_data():
    from portail.directory.forms import SearchForm

    first, second = SearchForm({"q": "H2X", "radius": "5"}), SearchForm({"q": "", "radius": "500"})

    assert first.fields is not second.fields and first.fields["q"] is second.fields["q"]
    assert first.is_valid() and not second.is_valid()
    assert set(second.errors) == {"q", "radius"} and not first.errors
