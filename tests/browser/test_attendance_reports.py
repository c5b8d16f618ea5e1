"""The attestation of services provided and the office's totals in Chromium: bc@ follows the agreement's
link to the attestation, prints it (the document alone), opens the totals from its menu; parent@ reads it
on a phone; the pages pass axe."""

from datetime import timedelta

import pytest
from django.utils import timezone

from portail.attendance.models import Day
from portail.attendance.periods import period_of
from tests.attendance.factories_reports import SheetFactory, days, recorded_agreement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_prints_an_attestation_and_reads_its_totals(
    page, live_server, demo_accounts, sign_in, axe_violations
):
    last_period = period_of(timezone.localdate()).previous()
    agreement = recorded_agreement(
        provider=demo_accounts["provider"].provider,
        parent=demo_accounts["parent"],
        start=last_period.start - timedelta(days=30),
    )
    SheetFactory(
        agreement=agreement,
        period_start=last_period.start,
        days=days(*[(index, Day.PRESENT) for index in range(4)]),
    )

    sign_in("bc@demo.test")
    page.goto(f"{live_server.url}/ententes/{agreement.pk}/")
    page.get_by_role("link", name="Voir l’attestation des services de garde fournis").click()
    main = page.locator("main")
    assert "Attestation des services de garde fournis" in main.inner_text()
    assert axe_violations(page) == []
    page.emulate_media(media="print")
    assert not page.get_by_role("link", name="Télécharger le PDF").is_visible()
    assert not page.locator("#portal-role-nav").is_visible()
    assert page.get_by_role("heading", name="Attestation des services de garde fournis").is_visible()
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Totaux de fréquentation").first.click()
    assert "Totaux de fréquentation" in page.locator("h1").inner_text()
    assert demo_accounts["provider"].provider.register_number in main.inner_text()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Se déconnecter").click()
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in("parent@demo.test")
    page.goto(f"{live_server.url}/attestations/ententes/{agreement.pk}/")
    assert agreement.admission.child.first_name in main.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page) == []
