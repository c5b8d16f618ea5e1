"""The profile in Chromium: rsge@ completes its fiche descriptive, previews it and publishes it."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_provider_completes_previews_and_publishes_its_profile(
    page, demo_accounts, sign_in, axe_violations
):
    sign_in("rsge@demo.test")
    page.get_by_role("link", name="Compléter ma fiche descriptive").click()
    assert "modifiable par votre bureau coordonnateur" in page.locator("main").inner_text()

    for day in ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi"]:
        page.get_by_label(day, exact=True).check()
        page.get_by_label(f"Heure d’ouverture ({day.lower()})").fill("07:00")
        page.get_by_label(f"Heure de fermeture ({day.lower()})").fill("17:30")
    page.get_by_label("Places pour les enfants de moins de 18 mois").fill("2")
    page.get_by_label("Places pour les enfants de 18 mois et plus").fill("4")
    page.get_by_label("Mes places sont subventionnées (contribution réduite)").check()
    page.get_by_label("Anglais").check()
    page.get_by_label("Présentation de mon service de garde").fill(
        "Un milieu chaleureux près du parc Laurier."
    )
    page.get_by_label("Les parents peuvent voir le tarif").uncheck()
    page.get_by_role("button", name="Enregistrer le brouillon et prévisualiser").click()

    preview = page.locator("main").inner_text()
    assert "Brouillon enregistré" in preview
    assert "Un milieu chaleureux près du parc Laurier." in preview
    assert "7 h à 17 h 30" in preview
    assert "Tarif" not in page.locator(".preview-frame").inner_text()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Publier ma fiche").click()
    assert "Votre fiche est publiée" in page.locator(".portal-messages").inner_text()
    assert page.get_by_role("button", name="Retirer la publication").is_visible()
    demo_accounts["provider"].provider.refresh_from_db()
    assert demo_accounts["provider"].provider.profile_published_at is not None


def test_a_closing_hour_before_opening_is_refused_at_the_field(page, demo_accounts, sign_in):
    sign_in("rsge@demo.test")
    page.goto(page.url.replace("/rsge/", "/rsge/fiche/"))
    page.get_by_label("Lundi", exact=True).check()
    page.get_by_label("Heure d’ouverture (lundi)").fill("17:00")
    page.get_by_label("Heure de fermeture (lundi)").fill("08:00")
    page.get_by_label("Places pour les enfants de moins de 18 mois").fill("2")
    page.get_by_label("Places pour les enfants de 18 mois et plus").fill("4")
    page.get_by_role("button", name="Enregistrer le brouillon et prévisualiser").click()

    assert "La fermeture doit suivre l’ouverture." in page.locator("main").inner_text()
    assert page.get_by_label("Heure de fermeture (lundi)").get_attribute("aria-invalid") == "true"
