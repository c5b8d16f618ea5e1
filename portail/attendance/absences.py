"""Long absences (absence prolongée): after LONG_ABSENCE_DAYS consecutive days of absence on a recorded
agreement, an alert on the provider's and the office's pages and an e-mail to both; a correction that shows
the child came during them removes it. Watched by the attendance services after each write of days."""

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from django.db import transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from portail.agreements.models import Agreement
from portail.agreements.models import Status as AgreementStatus
from portail.attendance.models import AbsenceAlert, AttendanceSheet, Closure, Day
from portail.attendance.periods import PERIOD_DAYS
from portail.attendance.rules import Terms
from portail.attendance.tasks import send_absence_alert

LONG_ABSENCE_DAYS = 90


def absence_run(agreement: Agreement, *, terms: Terms | None = None) -> tuple[date, date] | None:
    """The last run of consecutive days of absence: from its first day marked absent to its last, with no
    presence in between and every day the agreement plans (and the provider is open) marked absent."""
    terms = terms or Terms.of(agreement)
    sheets = list(
        AttendanceSheet.objects.filter(agreement=agreement)
        .order_by("-period_start")
        .values_list("period_start", "days")[:RUN_SHEETS]
    )
    provider_id = agreement.admission.provider_id

    def closed(first: date, last: date) -> set[date]:
        return set(
            Closure.objects.filter(provider_id=provider_id, day__range=(first, last)).values_list(
                "day", flat=True
            )
        )

    return _run_of(sheets, terms=terms, closed=closed)


# The sheets a run of absence is looked for in: the latest six (168 days cover the 90 days).
RUN_SHEETS = 6


def _run_of(
    sheets: Sequence[tuple[date, str]], *, terms: Terms, closed: Callable[[date, date], set[date]]
) -> tuple[date, date] | None:
    """absence_run's walk over an agreement's latest sheets (newest first); `closed(first, last)` gives
    the provider's closures between two days."""
    if not sheets:
        return None
    codes: dict[date, str] = {}
    for start, days in sheets:
        for index, code in enumerate(days):
            if code != Day.NONE:
                codes[start + timedelta(days=index)] = code
    if not codes:
        return None
    last = max(codes)
    if codes[last] != Day.ABSENT:
        return None
    earliest = sheets[-1][0]
    closures = closed(earliest, last)
    first, day = last, last - timedelta(days=1)
    while day >= earliest:
        code = codes.get(day, Day.NONE)
        if code == Day.ABSENT:
            first = day
        elif code in Day.ATTENDED or (terms.plans(day) and day not in closures):
            break
        day -= timedelta(days=1)
    return first, last


def watch_absence(agreement: Agreement) -> None:
    """After 90 consecutive days of absence, an alert (a flag on the provider's and the office's pages,
    an e-mail to both after commit); a correction that breaks the run removes it."""
    if agreement.status != AgreementStatus.RECORDED:
        return
    alert = AbsenceAlert.objects.filter(agreement=agreement).first()
    _keep_alert(agreement, absence_run(agreement), alert)


def watch_absences(agreements: Sequence[Agreement], *, terms: dict[int, Terms]) -> None:
    """watch_absence for many agreements at once: their latest sheets, their providers' closures and
    their alerts read in three statements; an alert written (rare) one by one."""
    recorded = [agreement for agreement in agreements if agreement.status == AgreementStatus.RECORDED]
    if not recorded:
        return
    ids = [agreement.pk for agreement in recorded]
    latest: dict[int, list[tuple[date, str]]] = defaultdict(list)
    ranked = (
        AttendanceSheet.objects.filter(agreement_id__in=ids)
        .annotate(
            rank=Window(RowNumber(), partition_by=[F("agreement_id")], order_by=F("period_start").desc())
        )
        .filter(rank__lte=RUN_SHEETS)
        .order_by("agreement_id", "-period_start")
        .values_list("agreement_id", "period_start", "days")
    )
    for agreement_id, start, days in ranked:
        latest[agreement_id].append((start, days))
    closures: dict[int, set[date]] = defaultdict(set)
    if latest:
        first = min(rows[-1][0] for rows in latest.values())
        last = max(rows[0][0] for rows in latest.values()) + timedelta(days=PERIOD_DAYS - 1)
        closed_days = Closure.objects.filter(
            provider_id__in={agreement.admission.provider_id for agreement in recorded},
            day__range=(first, last),
        ).values_list("provider_id", "day")
        for provider_id, day in closed_days:
            closures[provider_id].add(day)
    alerts = {alert.agreement_id: alert for alert in AbsenceAlert.objects.filter(agreement_id__in=ids)}
    for agreement in recorded:
        run = _run_of(
            latest.get(agreement.pk, []),
            terms=terms[agreement.pk],
            closed=_between(closures[agreement.admission.provider_id]),
        )
        _keep_alert(agreement, run, alerts.get(agreement.pk))


def _between(days: set[date]) -> Callable[[date, date], set[date]]:
    return lambda first, last: {day for day in days if first <= day <= last}


def _keep_alert(agreement: Agreement, run: tuple[date, date] | None, alert: AbsenceAlert | None) -> None:
    if run is not None and (run[1] - run[0]).days + 1 >= LONG_ABSENCE_DAYS:
        since = run[0]
        reached = since + timedelta(days=LONG_ABSENCE_DAYS - 1)
        if alert is None:
            alert = AbsenceAlert.objects.create(
                agreement=agreement,
                provider_id=agreement.admission.provider_id,
                absent_since=since,
                reached_on=reached,
            )
            alert_id = alert.pk
            transaction.on_commit(lambda: send_absence_alert.enqueue(alert_id=alert_id))
        elif alert.absent_since != since:
            alert.absent_since, alert.reached_on = since, reached
            alert.save(update_fields=["absent_since", "reached_on"])
    elif alert is not None and _attended_between(agreement, alert.absent_since, alert.reached_on):
        # A correction shows the child was there during those 90 days. (A child who comes back after
        # them keeps the alert: the 90 days happened.)
        alert.delete()


def _attended_between(agreement: Agreement, first: date, last: date) -> bool:
    rows = AttendanceSheet.objects.filter(
        agreement=agreement, period_start__range=(first - timedelta(days=PERIOD_DAYS - 1), last)
    ).values_list("period_start", "days")
    return any(
        code in Day.ATTENDED and first <= start + timedelta(days=index) <= last
        for start, days in rows
        for index, code in enumerate(days)
    )
