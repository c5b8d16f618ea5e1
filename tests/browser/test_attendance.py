"""Attendance in Chromium on a phone (390 × 844): rsge@ marks today's presence in one tap and submits the
last period, parent@ signs it, bc@ confirms it; each page fits the phone and passes axe."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from portail.attendance.models import AttendanceSheet, Day, Status
from portail.attendance.periods import period_of
from portail.demo.accounts import DEMO_PASSWORD
from tests.attendance.factories import RecordedAgreementFactory, SheetFactory
from tests.families.factories import ChildFactory, GuardianFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _phone(browser, live_server, email):
    context = browser.new_context(locale="fr-CA", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/comptes/login/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.locator("main").get_by_role("button", name="Connexion").click()
    page.wait_for_load_state()
    return context, page


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_day_marked_on_a_phone_a_period_submitted_signed_and_confirmed(
    browser, live_server, demo_accounts, axe_violations
):
    today = timezone.localdate()
    last = period_of(today).previous()
    child = ChildFactory(
        first_name="Émile", family__parent=demo_accounts["parent"], birth_date=today - timedelta(days=900)
    )
    GuardianFactory(family=child.family)
    agreement = RecordedAgreementFactory(
        admission__child=child,
        admission__provider=demo_accounts["provider"].provider,
        admission__planned_start_date=last.previous().start,
        admission__admitted_by=demo_accounts["provider"],
    )
    weekdays = "".join(Day.PRESENT if day.weekday() < 5 else Day.NONE for day in last.days)
    sheet = SheetFactory(
        agreement=agreement, period_start=last.start, days=weekdays, contribution_paid=Decimal("187.00")
    )

    context, page = _phone(browser, live_server, "rsge@demo.test")
    page.goto(f"{live_server.url}/rsge/presences/")
    row = page.locator(f"#presence-{agreement.pk}")
    row.get_by_role(
        "button", name="Présent"
    ).first.click()  # « Présent » or « Présent (journée supplémentaire) »
    page.locator(f"#presence-{agreement.pk} button[aria-pressed=true]").wait_for()
    today_sheet = AttendanceSheet.objects.get(agreement=agreement, period_start=period_of(today).start)
    assert today_sheet.days[period_of(today).index_of(today)] in Day.ATTENDED
    assert _fits(page)
    assert axe_violations(page) == []

    page.goto(f"{live_server.url}/rsge/presences/periode/?debut={last.start.isoformat()}")
    assert _fits(page)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Soumettre au parent").click()
    page.wait_for_load_state()
    sheet.refresh_from_db()
    assert sheet.status == Status.SUBMITTED
    assert axe_violations(page) == []
    context.close()

    context, page = _phone(browser, live_server, "parent@demo.test")
    page.goto(f"{live_server.url}/parent/enfants/{child.file_id}/")
    page.get_by_role("link", name="Fiches d’assiduité (à signer toutes les 4 semaines)").click()
    assert axe_violations(page) == []
    page.get_by_role("link", name=f"{last.start.day}").first.click()
    page.get_by_label("J’ai vérifié les présences et le montant payé").check()
    assert _fits(page)
    assert axe_violations(page) == []
    page.get_by_role("button", name="Signer la fiche d’assiduité").click()
    page.wait_for_load_state()
    sheet.refresh_from_db()
    assert (sheet.status, sheet.signed_by) == (Status.SIGNED, demo_accounts["parent"])
    context.close()

    context, page = _phone(browser, live_server, "bc@demo.test")
    page.goto(f"{live_server.url}/bureau/presences/")
    assert _fits(page)
    assert axe_violations(page) == []
    page.get_by_label("Confirmer la fiche de Émile").check()
    page.get_by_role("button", name="Confirmer la fréquentation des fiches cochées").click()
    page.wait_for_load_state()
    sheet.refresh_from_db()
    assert sheet.status == Status.CONFIRMED
    assert "Fréquentation confirmée pour 1 fiche(s)." in page.locator("main").inner_text()
    context.close()
