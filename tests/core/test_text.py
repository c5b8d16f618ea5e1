"""Folding names for search and sort: case and accents aside, the same in Python, SQLite and PostgreSQL."""

import pytest
from django.db.models import Value
from hypothesis import given
from hypothesis import strategies as st

from portail.core.text import Folded, any_contains, fold
from portail.registry.models import Provider
from tests.registry.factories import ProviderFactory


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Côté", "cote"),
        ("ÉMOND", "emond"),
        ("Trois-Rivières", "trois-rivieres"),
        ("Œuvre d'Ælis", "oeuvre d'aelis"),
        ("Zúñiga", "zuniga"),
        ("RSGE-000123", "rsge-000123"),
    ],
)
def test_fold_drops_case_and_accents(text, folded):
    assert fold(text) == folded


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["Côté", "ÉMOND", "Trois-Rivières", "Œuvre", "Zúñiga", "Gisèle Gagné"])
def test_the_database_folds_as_python_does(text):
    ProviderFactory()

    folded = Provider.objects.annotate(folded=Folded(Value(text))).values_list("folded", flat=True).first()

    assert folded == fold(text)


@pytest.mark.django_db
def test_any_contains_finds_a_name_whatever_its_case_and_accents():
    cote = ProviderFactory(last_name="Côté", first_name="Amélie")
    ProviderFactory(last_name="Tremblay", first_name="Julie")

    for term in ["cote", "CÔTÉ", "Côté", "meli", "AMÉLIE"]:
        found = Provider.objects.filter(any_contains(["last_name", "first_name"], term))
        assert list(found) == [cote], term


@pytest.mark.django_db
def test_any_contains_takes_percent_and_underscore_literally():
    ProviderFactory(last_name="Tremblay")

    assert not Provider.objects.filter(any_contains(["last_name"], "%")).exists()
    assert not Provider.objects.filter(any_contains(["last_name"], "_")).exists()
