"""Service agreements in Chromium: rsge@ concludes one, bc@ returns it, the provider corrects it, the
office records it and decides the reduced contribution, parent@ sees it and ends it; the pages pass axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portail.admissions.models import Status as AdmissionStatus
from portail.agreements.models import Agreement, Eligibility, Status
from tests.agreements.factories import ConfirmedAdmissionFactory
from tests.families.factories import ChildFactory, GuardianFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_agreement_from_its_conclusion_to_its_end(
    page, live_server, demo_accounts, sign_in, axe_violations
):
    child = ChildFactory(
        first_name="Léa",
        family__parent=demo_accounts["parent"],
        birth_date=timezone.localdate() - timedelta(days=1100),
    )
    GuardianFactory(family=child.family)
    admission = ConfirmedAdmissionFactory(
        child=child,
        provider=demo_accounts["provider"].provider,
        planned_start_date=timezone.localdate() + timedelta(days=14),
        admitted_by=demo_accounts["provider"],
    )

    sign_in("rsge@demo.test")
    page.get_by_role("link", name="Mes enfants", exact=True).first.click()
    assert axe_violations(page) == []
    page.get_by_role("row").filter(has_text="Léa").get_by_role("link").click()
    page.get_by_label("Demi-journée (de 2 h 30 à 4 h)").check()
    page.get_by_label("Lundi").check()
    page.get_by_label("Mercredi").check()
    page.get_by_label("Arrivée").fill("08:00")
    page.get_by_label("Départ").fill("13:00")  # a half-day of 5 hours
    page.get_by_label("Place subventionnée (contribution réduite)").check()
    page.get_by_role("button", name="Transmettre au bureau coordonnateur").click()
    assert "Une demi-journée dure de 2 h 30 à 4 heures" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("Départ").fill("11:30")
    page.get_by_role("button", name="Transmettre au bureau coordonnateur").click()
    agreement = Agreement.objects.get(admission=admission)
    assert agreement.status == Status.SUBMITTED
    assert axe_violations(page) == []

    page.get_by_role("button", name="Se déconnecter").click()
    sign_in("bc@demo.test")
    page.goto(f"{live_server.url}/bureau/ententes/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Léa").first.click()
    page.get_by_label("Ce que la RSGE doit corriger").fill("L'heure d'arrivée est 8 h 30")
    page.get_by_role("button", name="Retourner à la RSGE").click()
    assert "L'heure d'arrivée est 8 h 30" in page.locator("main").inner_text()

    page.get_by_role("button", name="Se déconnecter").click()
    sign_in("rsge@demo.test")
    page.goto(f"{live_server.url}/ententes/{agreement.pk}/")
    page.get_by_role("link", name="Corriger l'entente").click()
    page.get_by_label("Arrivée").fill("08:30")
    page.get_by_role("button", name="Transmettre au bureau coordonnateur").click()
    assert Agreement.objects.get().status == Status.SUBMITTED

    page.get_by_role("button", name="Se déconnecter").click()
    sign_in("bc@demo.test")
    page.goto(f"{live_server.url}/bureau/enfants-admis/?q=Léa")
    assert axe_violations(page) == []
    page.get_by_role("row").filter(has_text="Léa").get_by_role("link").click()
    page.get_by_role("button", name="Consigner l'entente").click()
    page.get_by_label("Admissible à la contribution réduite").check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    assert axe_violations(page) == []
    agreement.refresh_from_db()
    assert (agreement.status, agreement.eligibility) == (Status.RECORDED, Eligibility.ELIGIBLE)

    page.get_by_role("button", name="Se déconnecter").click()
    sign_in("parent@demo.test")
    page.goto(f"{live_server.url}/parent/enfants/{child.file_id}/")
    main = page.locator("main").inner_text()
    assert "Admissible à la contribution réduite" in main and "08:30 – 11:30" in main
    assert axe_violations(page) == []
    page.get_by_role("link", name="Mettre fin à l'entente").click()
    page.get_by_label("Dernier jour de services").fill(
        (admission.planned_start_date + timedelta(days=30)).isoformat()
    )
    page.get_by_label("Le parent a mis fin à l'entente").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Mettre fin à l'entente").click()
    admission.refresh_from_db()
    assert Agreement.objects.get().status == Status.ENDED
    assert admission.status == AdmissionStatus.ENDED
