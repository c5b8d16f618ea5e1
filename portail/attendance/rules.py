"""The rules a sheet's days must keep, each refusal a French message: presence only within the agreement's
dates, never in the future or on a closure day, an extra day confirmed, at most 20 days in 4 weeks without
a justification, at most 261 days in a reference year."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portail.agreements.models import Agreement, AgreementVersion
from portail.attendance.models import Day
from portail.attendance.periods import Period, ReferenceYear, reference_year_of

AT_MOST_IN_A_PERIOD = 20
AT_MOST_IN_A_YEAR = 261


@dataclass(frozen=True)
class Terms:
    """What an agreement plans, day by day: its versions' days and basis, between its start and end (the
    rules read it, and `attendance.counting` counts by its versions)."""

    versions: tuple[AgreementVersion, ...]
    start: date | None
    end: date | None

    @classmethod
    def of(cls, agreement: Agreement, versions: Iterable[AgreementVersion] | None = None) -> "Terms":
        return cls.of_versions(
            versions if versions is not None else agreement.versions.all(), end=agreement.end_date
        )

    @classmethod
    def of_versions(cls, versions: Iterable[AgreementVersion], *, end: date | None) -> "Terms":
        """The terms of an agreement's versions (all of them) and its end date."""
        ordered = tuple(sorted(versions, key=lambda v: v.effective_from))
        return cls(versions=ordered, start=ordered[0].effective_from if ordered else None, end=end)

    def version_on(self, day: date) -> AgreementVersion | None:
        for version in reversed(self.versions):
            if version.effective_from <= day and (
                version.effective_until is None or day <= version.effective_until
            ):
                return version
        return None

    def covers(self, day: date) -> bool:
        """Whether `day` is within the agreement's dates."""
        return self.start is not None and self.start <= day and (self.end is None or day <= self.end)

    def plans(self, day: date) -> bool:
        """Whether the agreement plans the child on `day` (its weekday is one of the days agreed)."""
        version = self.version_on(day) if self.covers(day) else None
        return version is not None and bool(version.days & (1 << day.weekday()))


def _day(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


def check_days(
    *,
    period: Period,
    before: str,
    after: str,
    terms: Terms,
    closed: set[date],
    today: date,
    justification: str,
    attended_elsewhere: dict[ReferenceYear, int],
) -> str:
    """The sheet's days once changed from `before` to `after`, extra days normalized; raises a
    ValidationError naming each rule a changed day breaks. `attended_elsewhere` counts, by reference year,
    the days attended in the agreement's other sheets."""
    if len(after) != len(before) or any(code not in Day.CODES for code in after):
        raise ValidationError(
            {"days": ValidationError(_("Each day is present, absent or left empty."), code="invalid_days")}
        )
    errors: list[ValidationError] = []
    days = list(after)
    for index, (old, new) in enumerate(zip(before, after, strict=True)):
        if old == new or new == Day.NONE:
            continue
        day = period.start + timedelta(days=index)
        broken: tuple[str, str] | None = None
        if day > today:
            broken = "day_to_come", _("%(day)s is still to come: a day is marked once it has come.")
        elif day in closed:
            broken = "closure_day", _("%(day)s is a closure day: no child is present or absent.")
        elif not terms.covers(day):
            broken = (
                "outside_agreement",
                _(
                    "%(day)s is outside the agreement's dates: attendance is marked only "
                    "while it is in force."
                ),
            )
        elif terms.plans(day):
            days[index] = Day.ABSENT if new == Day.ABSENT else Day.PRESENT
        elif new == Day.ABSENT:
            broken = (
                "day_not_planned",
                _("%(day)s is not a day of the agreement: the child cannot be absent."),
            )
        elif new == Day.PRESENT:
            broken = (
                "extra_day_unconfirmed",
                _("%(day)s is not a day of the agreement: confirm the presence as an extra day."),
            )
        if broken is not None:
            # Each refusal carries the day's index in the period, so that a bulk upload names the wrong day.
            code, message = broken
            errors.append(ValidationError(message, code=code, params={"day": _day(day), "index": index}))
    if errors:
        raise ValidationError({"days": errors})
    result = "".join(days)
    attended = sum(result.count(code) for code in Day.ATTENDED)
    if attended > AT_MOST_IN_A_PERIOD and not justification.strip():
        refusal = _("%(count)s days attended in these 4 weeks: more than 20 needs a justification.")
        raise ValidationError(
            {"justification": ValidationError(refusal % {"count": attended}, code="justification_required")}
        )
    in_year: dict[ReferenceYear, int] = {}
    for index, code in enumerate(result):
        if code in Day.ATTENDED:
            year = reference_year_of(period.start + timedelta(days=index))
            in_year[year] = in_year.get(year, 0) + 1
    for year, count in in_year.items():
        total = count + attended_elsewhere.get(year, 0)
        if total > AT_MOST_IN_A_YEAR:
            refusal = _("%(count)s days attended in the reference year %(year)s: at most 261 days a year.")
            raise ValidationError(
                {
                    "days": ValidationError(
                        refusal % {"count": total, "year": str(year)}, code="over_year_limit"
                    )
                }
            )
    return result
