"""How a service reads on the public map: its public name, its type, its days and hours, its capacity."""

from dataclasses import dataclass
from datetime import date, time

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from portail.directory.selectors import PROVIDER, Point
from portail.profiles.selectors import format_time
from portail.registry.models import Facility, FacilityKind, Provider, RecognitionStatus
from portail.registry.names import public_name

# The directory's views name a provider by the one function every screen uses.
provider_name = public_name


@dataclass(frozen=True)
class Summary:
    """One service as the list and a marker's popup show it."""

    kind: str
    pk: int
    name: str
    type: str
    municipality: str
    opening: str
    capacity: str
    places: str
    published: bool
    url: str
    distance_km: float | None = None
    # Set for a suspended provider its office shows before its return: the day it returns.
    returns_on: date | None = None


def day_abbreviations() -> list[str]:
    return [_("Mon."), _("Tue."), _("Wed."), _("Thu."), _("Fri."), _("Sat."), _("Sun.")]


def opening_days(days: int) -> str:
    """The bit set of opening days in words: « lun. au ven. », « lun., mer. et sam. »."""
    names = day_abbreviations()
    open_days = [index for index in range(7) if days & (1 << index)]
    if not open_days:
        return ""
    if len(open_days) >= 3 and open_days[-1] - open_days[0] == len(open_days) - 1:
        return pgettext("days", "%(first)s to %(last)s") % {
            "first": names[open_days[0]],
            "last": names[open_days[-1]],
        }
    if len(open_days) == 1:
        return names[open_days[0]]
    return _("%(days)s and %(last)s") % {
        "days": ", ".join(names[index] for index in open_days[:-1]),
        "last": names[open_days[-1]],
    }


def opening(days: int, opens_at: time | None, closes_at: time | None) -> str:
    """« lun. au ven., 7 h à 17 h 30 », or « non précisé » when the register does not say."""
    day_text = opening_days(days)
    if not day_text:
        return _("not given")
    if opens_at is None or closes_at is None:
        return day_text
    hours = pgettext("hours", "%(opens)s to %(closes)s") % {
        "opens": format_time(opens_at),
        "closes": format_time(closes_at),
    }
    return f"{day_text}, {hours}"


def children(count: int) -> str:
    return ngettext("%(count)s child", "%(count)s children", count) % {"count": count}


def places_available(provider: Provider) -> str:
    """What is left of the capacity once the children holding a place are counted (`places_taken`)."""
    available = max(provider.capacity - provider.places_taken, 0)  # type: ignore[attr-defined]
    if not available:
        return _("none at the moment")
    return ngettext("%(count)s place", "%(count)s places", available) % {"count": available}


def returns_on(provider: Provider) -> date | None:
    """The planned return of a suspended provider shown early on the map; None for one that is open."""
    if provider.status != RecognitionStatus.SUSPENDED:
        return None
    return provider.suspension_planned_return


def facility_type(kind: str) -> str:
    return str(FacilityKind(kind).label)


def provider_type(provider: Provider) -> str:
    if provider.subsidized_places:
        return _("Home childcare provider (RSGE), subsidized")
    return _("Home childcare provider (RSGE), not subsidized")


def summary_of(service: Provider | Facility, point: Point | None = None) -> Summary:
    """What the public sees of a service in the list, with its distance when it comes from a search."""
    distance = point.distance_km if point else None
    if isinstance(service, Provider):
        return Summary(
            kind=PROVIDER,
            pk=service.pk,
            name=public_name(service),
            type=provider_type(service),
            municipality=service.municipality,
            opening=opening(service.opening_days, service.opens_at, service.closes_at),
            capacity=children(service.capacity),
            places=places_available(service),
            published=service.profile_published_at is not None,
            url=reverse("directory:provider", args=[service.pk]),
            distance_km=distance,
            returns_on=returns_on(service),
        )
    return Summary(
        kind=service.kind,
        pk=service.pk,
        name=service.name,
        type=facility_type(service.kind),
        municipality=service.municipality,
        opening=opening(service.opening_days, service.opens_at, service.closes_at),
        capacity=children(service.capacity),
        # Facilities do not report their children admitted to the portal yet.
        places=_("not given"),
        published=True,
        url=reverse("directory:facility", args=[service.pk]),
        distance_km=distance,
    )


def summary_key(service: Provider | Facility) -> tuple[object, ...]:
    """Every field `summary_of` reads of a service, but its distance: what its entry in the list is made of
    (portail/directory/fragments.py keeps the entry's markup by it). Keep the two functions together."""
    if isinstance(service, Provider):
        return (
            PROVIDER,
            service.pk,
            service.service_name,
            service.municipality,
            service.capacity,
            service.subsidized_places,
            service.opening_days,
            service.opens_at,
            service.closes_at,
            service.profile_published_at is not None,
            service.status,
            service.suspension_planned_return,
            service.places_taken,  # type: ignore[attr-defined]
        )
    return (
        service.kind,
        service.pk,
        service.name,
        service.municipality,
        service.capacity,
        service.opening_days,
        service.opens_at,
        service.closes_at,
    )
