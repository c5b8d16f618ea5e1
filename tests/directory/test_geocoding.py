"""The embedded geocoder: postal codes in every form, towns with or without accents, and what it refuses."""

import pytest

from portail.directory.geocoding import (
    OutsideQuebec,
    PlacesFileGeocoder,
    UnknownPlace,
    get_geocoder,
    simplify,
)

H2X = (45.5148, -73.5739)


@pytest.fixture
def geocoder():
    return PlacesFileGeocoder()


@pytest.mark.parametrize("query", ["H2X 1Y4", "h2x1y4", "H2X1Y4", " h2x 1y4 ", "H2X", "h2x"])
def test_a_postal_code_in_any_form_is_the_centre_of_its_area(geocoder, query):
    place = geocoder.locate(query)

    assert (place.latitude, place.longitude) == H2X
    assert place.name.startswith("H2X")


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("trois-rivieres", "Trois-Rivières"),
        ("Trois-Rivières", "Trois-Rivières"),
        ("TROIS RIVIERES", "Trois-Rivières"),
        ("ST-JEROME", "Saint-Jérôme"),
        ("Saint-Jérôme", "Saint-Jérôme"),
        ("montréal", "Montréal"),
        ("Levis", "Lévis"),
    ],
)
def test_a_town_is_found_whatever_its_case_accents_or_abbreviation(geocoder, query, name):
    assert geocoder.locate(query).name == name


@pytest.mark.parametrize("query", ["K1A 0B1", "M5V", "T2P 1J9", "H0A"])
def test_a_postal_code_outside_quebec_is_refused(geocoder, query):
    with pytest.raises(OutsideQuebec):
        geocoder.locate(query)


@pytest.mark.parametrize("query", ["Atlantis", "", "123 rue Principale", "H2"])
def test_an_unknown_place_is_refused(geocoder, query):
    with pytest.raises(UnknownPlace):
        geocoder.locate(query)


def test_suggestions_match_the_start_of_names_without_accents(geocoder):
    assert geocoder.suggest("trois")[0] == "Trois-Rivières"
    assert "Saint-Jérôme" in geocoder.suggest("st-jé")
    assert geocoder.suggest("t") == []
    assert len(geocoder.suggest("saint")) == 10


def test_names_are_compared_without_case_accents_or_punctuation():
    assert simplify("Sainte-Anne-des-Plaines") == simplify("STE ANNE DES PLAINES")


def test_the_geocoder_is_the_one_the_setting_names_built_once(settings):
    get_geocoder.cache_clear()
    settings.GEOCODER = "portail.directory.geocoding.PlacesFileGeocoder"
    try:
        assert isinstance(get_geocoder(), PlacesFileGeocoder)
        assert get_geocoder() is get_geocoder()
    finally:
        get_geocoder.cache_clear()
