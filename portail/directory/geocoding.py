"""Where a search starts: a postal code or a town's name turned into a point, by a pluggable geocoder."""

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from portail.core.postal_codes import QUEBEC_FIRST_LETTERS
from portail.directory.place_names import area_name, french_name

PLACES_CSV = Path(__file__).parent / "data" / "quebec-places.csv"

# A whole postal code (H2X 1Y4) or its first three characters, the forward sortation area (H2X).
POSTAL_CODE = re.compile(r"^([A-Z]\d[A-Z])(\d[A-Z]\d)?$")
# « St-Jérôme », « Ste-Julie »: the usual abbreviations of the saints' names in Québec's towns.
ABBREVIATIONS = {"st": "saint", "ste": "sainte"}


@dataclass(frozen=True)
class Place:
    """A point to search around, and the name to show for it."""

    name: str
    latitude: float
    longitude: float


class UnknownPlace(LookupError):
    """Neither a postal code nor a town the geocoder knows."""


class OutsideQuebec(LookupError):
    """A postal code of another province."""


class Geocoder(Protocol):
    def locate(self, query: str) -> Place: ...

    def suggest(self, prefix: str, *, limit: int = 10) -> list[str]: ...


def simplify(text: str) -> str:
    """« Saint-Jérôme », « ST JEROME », « st-jérôme » → « saint-jerome »: how names are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = re.findall(r"[a-z0-9]+", bare)
    return "-".join(ABBREVIATIONS.get(word, word) for word in words)


class PlacesFileGeocoder:
    """The embedded geocoder: centroids of postal areas and towns, from quebec-places.csv."""

    def __init__(self) -> None:
        self.areas, self.towns = _load_places()

    def locate(self, query: str) -> Place:
        compact = re.sub(r"\s+", "", query).upper()
        postal = POSTAL_CODE.match(compact)
        if postal:
            fsa = postal[1]
            if fsa[0] not in QUEBEC_FIRST_LETTERS or fsa not in self.areas:
                raise OutsideQuebec(fsa)
            return self.areas[fsa]
        town = self.towns.get(simplify(query))
        if town is None:
            raise UnknownPlace(query)
        return town

    def suggest(self, prefix: str, *, limit: int = 10) -> list[str]:
        wanted = simplify(prefix)
        if len(wanted) < 2:
            return []
        ordered = sorted(self.towns.items())
        starting = [place.name for key, place in ordered if key.startswith(wanted)]
        inside = [place.name for key, place in ordered if wanted in key and not key.startswith(wanted)]
        return (starting + inside)[:limit]


@cache
def _load_places() -> tuple[dict[str, Place], dict[str, Place]]:
    """The file, read once per process: postal areas by FSA, towns by their simplified name."""
    areas: dict[str, Place] = {}
    towns: dict[str, Place] = {}
    with PLACES_CSV.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            if row["kind"] == "fsa":
                name = f"{row['key']} ({area_name(row['label'])})" if row["label"] else row["key"]
                areas[row["key"]] = Place(name, float(row["lat"]), float(row["lon"]))
            else:
                name = french_name(row["key"])
                towns[simplify(name)] = Place(name, float(row["lat"]), float(row["lon"]))
    return areas, towns


@cache
def get_geocoder() -> Geocoder:
    """The geocoder the GEOCODER setting names (the embedded one by default), built once per process."""
    geocoder_class = import_string(settings.GEOCODER)
    geocoder: Geocoder = geocoder_class()
    return geocoder
