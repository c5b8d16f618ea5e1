"""The search page's pieces kept between searches (portail/directory/fragments.py): the same markup as
written afresh, and a changed service or language never shows an old piece."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from portail.directory import fragments, index
from portail.directory.forms import SearchForm
from portail.directory.presentation import summary_of
from portail.directory.selectors import Criteria, nearest_page, services_of
from tests.admissions.factories import AdmissionFactory
from tests.directory.conftest import CENTRE

SEARCH = reverse("directory:search")


@pytest.fixture(autouse=True)
def forget_pieces():
    fragments.ENTRIES.clear()
    fragments.FIELDS.clear()


def _written_afresh(services):
    # Each entry as the popup renders it, in the list's <li>.
    return "".join(
        '<li class="service-list__item">'
        + render_to_string(
            "directory/_summary.html", {"service": summary_of(service, point), "heading": "h3"}
        ).strip()
        + "</li>"
        for point, service in services
    )


def _page_points():
    points, _total = nearest_page(
        Criteria(*CENTRE, radius_km=10), today=timezone.localdate(), number=1, size=20
    )
    return points


def _entries():
    return fragments.entries(_page_points(), today=timezone.localdate())


def _page_services():
    return services_of(_page_points(), today=timezone.localdate())


@pytest.mark.parametrize("language", ["fr-ca", "en"])
def test_kept_entries_are_the_markup_written_afresh_with_each_search_s_distance(
    provider_at, facility_at, language
):
    provider_at(1.25)
    provider_at(2.35, service_name="Les <Petits> « Pas »")
    facility_at(3.05)
    with translation.override(language):
        first, again = _entries(), _entries()
        assert first == again == _written_afresh(_page_services())
    assert "km" in first and "&lt;Petits&gt;" in first


def test_a_service_that_changed_is_written_again(provider_at):
    provider = provider_at(1)
    before = _entries()
    # Saved, as the register's services save it: the map's index hears of it (a bulk update waits for
    # MAP_INDEX_MAX_AGE).
    provider.service_name, provider.capacity = "Nouveau nom", 4
    provider.save(update_fields=["service_name", "capacity"])
    after = _entries()
    assert "Nouveau nom" in after and "Nouveau nom" not in before
    assert after == _written_afresh(_page_services())


def test_the_places_left_are_part_of_the_key(provider_at):
    provider = provider_at(1, capacity=6)
    assert "6 places" in _entries()
    AdmissionFactory.create_batch(2, provider=provider)
    assert "4 places" in _entries()
    AdmissionFactory.create_batch(4, provider=provider)
    assert "aucune pour le moment" in _entries()


def test_a_search_whose_entries_are_written_makes_no_model_instance(provider_at, facility_at, monkeypatch):
    provider_at(1)
    facility_at(2)
    first = _entries()
    points = _page_points()

    def no_instance(self, position):
        raise AssertionError("a model instance was made")

    monkeypatch.setattr(index.Snapshot, "_service", no_instance)
    assert _entries() == first
    assert fragments.entries(points, today=timezone.localdate()) == first


def test_kept_fields_are_the_markup_django_writes(db):
    for data in ({"q": "H2X", "radius": "12", "kind": ["rsge", "cpe"], "places": "on"}, {"q": "Laval"}):
        bound = SearchForm(data)
        bound.is_valid()
        kept, again = fragments.fields(bound), fragments.fields(bound)
        assert kept == again == {name: bound[name].as_field_group() for name in bound.fields}


def test_a_field_with_errors_is_written_afresh_and_not_kept(db):
    bound = SearchForm({"q": "<b>nowhere</b>", "radius": "500"})
    assert not bound.is_valid()
    written = fragments.fields(bound)
    assert written["radius"] == bound["radius"].as_field_group()
    assert "&lt;b&gt;nowhere&lt;/b&gt;" in written["q"]
    assert not any(key[1] in ("q", "radius") for key in fragments.FIELDS._pieces)


def test_the_search_page_reads_the_same_the_second_time(client, provider_at):
    provider_at(1)
    provider_at(4)
    first = client.get(SEARCH, {"q": "H2X", "radius": "10", "kind": "rsge"})
    second = client.get(SEARCH, {"q": "H2X", "radius": "10", "kind": "rsge"})
    assert first.content == second.content
    assert first.content.count(b'class="service-list__item"') == 2


def test_the_entries_written_ahead_are_the_ones_a_search_shows(provider_at, facility_at, monkeypatch):
    provider_at(1.25)
    provider_at(2.35, service_name="Les Lutins")
    facility_at(3.05)

    assert fragments.warm(today=timezone.localdate()) == 3

    def not_again(service):
        raise AssertionError(f"{service} was written again")

    monkeypatch.setattr(fragments, "_entry", not_again)
    assert _entries() == _written_afresh(_page_services())  # French: all written ahead
    with translation.override("en"), pytest.raises(AssertionError, match="written again"):
        _entries()  # English ones are written as they are met


def test_each_gunicorn_worker_writes_the_entries_before_it_answers(provider_at, monkeypatch):
    import runpy
    from pathlib import Path

    provider_at(1.25)
    conf = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))

    monkeypatch.setenv("MAP_WARM_ENTRIES", "0")
    conf["post_worker_init"](None)
    assert not fragments.ENTRIES._pieces
    monkeypatch.delenv("MAP_WARM_ENTRIES")
    conf["post_worker_init"](None)
    assert len(fragments.ENTRIES._pieces) == 1
