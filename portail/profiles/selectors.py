"""Reads of profiles: the parent-facing description of a published (or previewed) version."""

from datetime import date, time
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from portail.profiles.models import WEEKDAY_KEYS, CarePeriod, Language, Meal
from portail.registry.models import Weekday


def format_time(value: str | time) -> str:
    """« 7 h », « 17 h 30 » in French; « 7:00 », « 17:30 » in English."""
    moment = time.fromisoformat(value) if isinstance(value, str) else value
    if moment.minute:
        return _("%(hour)s:%(minute)02d") % {"hour": moment.hour, "minute": moment.minute}
    return _("%(hour)s:00") % {"hour": moment.hour}


def describe(version: dict[str, Any]) -> dict[str, Any]:
    """A profile version (see services.public_version) in words, ready for the template."""
    day_labels = dict(zip(WEEKDAY_KEYS, Weekday.labels, strict=True))
    described: dict[str, Any] = {
        "hours": [
            {
                "day": day_labels[key],
                "hours": _("%(opens)s to %(closes)s")
                % {
                    "opens": format_time(version["hours"][key][0]),
                    "closes": format_time(version["hours"][key][1]),
                },
            }
            for key in WEEKDAY_KEYS
            if key in version["hours"]
        ]
    }
    if "group" in version:
        described["group"] = version["group"]
    if "rate" in version:
        described["rate"] = version["rate"]
    for name, choices in [("care_periods", CarePeriod), ("meals", Meal), ("languages", Language)]:
        if name in version:
            labels = dict(choices.choices)
            described[name] = [str(labels[code]) for code in version[name] if code in labels]
    if "presentation" in version:
        described["presentation"] = version["presentation"]
    if "closures" in version:
        described["closures"] = [
            _("from %(start)s to %(end)s")
            % {
                "start": date_format(date.fromisoformat(closure["start"]), "DATE_FORMAT"),
                "end": date_format(date.fromisoformat(closure["end"]), "DATE_FORMAT"),
            }
            for closure in version["closures"]
        ]
    return described
