"""Inhabited Québec for the demo: the places of quebec-places.csv, their regions and weights, homes there."""

import csv
import math
import random
from dataclasses import dataclass
from functools import cache

from portail.directory.geocoding import PLACES_CSV
from portail.directory.place_names import area_name, french_name
from portail.registry.geo import distance_km, offset_point

# Québec's administrative regions, by their official number.
REGIONS = {
    "Bas-Saint-Laurent": 1,
    "Saguenay–Lac-Saint-Jean": 2,
    "Capitale-Nationale": 3,
    "Mauricie": 4,
    "Estrie": 5,
    "Montréal": 6,
    "Outaouais": 7,
    "Abitibi-Témiscamingue": 8,
    "Côte-Nord": 9,
    "Nord-du-Québec": 10,
    "Gaspésie–Îles-de-la-Madeleine": 11,
    "Chaudière-Appalaches": 12,
    "Laval": 13,
    "Lanaudière": 14,
    "Laurentides": 15,
    "Montérégie": 16,
    "Centre-du-Québec": 17,
}
_GEONAMES_REGIONS = {
    "Saguenay/Lac-Saint-Jean": "Saguenay–Lac-Saint-Jean",
    "Gaspesie-Iles-de-la-Madeleine": "Gaspésie–Îles-de-la-Madeleine",
    "Abitibi-Temiscamingue": "Abitibi-Témiscamingue",
    "Chaudiere-Appalaches": "Chaudière-Appalaches",
    "Centre-du-Quebec": "Centre-du-Québec",
    "Nord-du-Quebec": "Nord-du-Québec",
    "Cote-Nord": "Côte-Nord",
    "Lanaudiere": "Lanaudière",
    "Monteregie": "Montérégie",
    "Montreal": "Montréal",
}
# GeoNames files these towns under another region, or none (the island of Montréal's find theirs from
# their postal areas).
_TOWN_REGIONS = {
    **dict.fromkeys(
        ["Becancour", "Daveluyville", "Drummondville", "Kingsey Falls", "Nicolet", "Pierreville",
         "Plessisville", "Princeville", "Saint-Cyrille-de-Wendover", "Saint-Germain-de-Grantham",
         "Victoriaville", "Warwick"],
        "Centre-du-Québec",
    ),
    **dict.fromkeys(["Quebec", "L'Ancienne-Lorette", "Pont Rouge", "Saint-Raymond"], "Capitale-Nationale"),
    **dict.fromkeys(["Bois-des-Filion"], "Laurentides"),
    **dict.fromkeys(
        ["Les Cedres", "Saint-Bruno-de-Montarville", "Sainte-Catherine", "Vercheres"], "Montérégie"
    ),
    "Cap-Chat": "Gaspésie–Îles-de-la-Madeleine",
}  # fmt: skip
# Boroughs and merged towns that GeoNames lists as municipalities of their own.
_PART_OF = {"Jonquiere": "Saguenay"}
# Postal areas of businesses and government buildings, not homes.
_NOT_RESIDENTIAL = {"H0H", "H4Z", "H5A", "H5B", "G1A"}

# The island of Montréal's own towns; the rest of the island is the city of Montréal.
_ISLAND_TOWNS = {
    "Westmount", "Hampstead", "Côte-Saint-Luc", "Mont-Royal", "Montréal-Est", "Montréal-Ouest", "Dorval",
    "Pointe-Claire", "Kirkland", "Beaconsfield", "Sainte-Anne-De-Bellevue", "Dollard-Des-Ormeaux",
    "Senneville",
}  # fmt: skip

# Telephone area codes by region; the rest of Québec dials 418.
AREA_CODES = {
    "Montréal": "514", "Laval": "450", "Lanaudière": "450", "Laurentides": "450", "Montérégie": "450",
    "Outaouais": "819", "Estrie": "819", "Mauricie": "819", "Centre-du-Québec": "819",
    "Abitibi-Témiscamingue": "819", "Nord-du-Québec": "819",
}  # fmt: skip

URBAN_WEIGHT = 1.0  # an urban postal area: some tens of thousands of people
TOWN_WEIGHT = 0.35  # a town outside the cities' postal areas
TOWN_CITY_DISTANCE_KM = 6.0  # a town this close to an urban postal area is inside it
URBAN_SCATTER_KM = 2.5
TOWN_SCATTER_KM = 3.0
JITTER_KM = 0.25
ISOLATED_JITTER_KM = 1.0  # a place with no neighbour: around its centre only
URBAN_NEIGHBOURS_KM = 6.0
TOWN_NEIGHBOURS_KM = 15.0


@dataclass(frozen=True)
class Place:
    """Somewhere people live: an urban postal area (FSA) or a town, with what homes there look like."""

    key: str
    name: str
    municipality: str
    region: str
    fsa: str
    lat: float
    lon: float
    weight: float
    # Centroids of nearby places: homes lie on the way to them, which keeps them on land.
    neighbours: tuple[tuple[float, float], ...]


@dataclass
class _Row:
    kind: str
    key: str
    label: str
    region: str
    lat: float
    lon: float


def _nearest(row: _Row, candidates: list[_Row]) -> _Row:
    return min(candidates, key=lambda other: distance_km(row.lat, row.lon, other.lat, other.lon))


def _is_urban(row: _Row) -> bool:
    return row.kind == "fsa" and row.key[1] != "0" and row.key not in _NOT_RESIDENTIAL


@cache
def load_places() -> tuple[Place, ...]:
    """Every inhabited place of the file, each in its administrative region and weighted by population."""
    with PLACES_CSV.open(encoding="utf-8", newline="") as file:
        rows = [
            _Row(r["kind"], r["key"], r["label"], r["region"], float(r["lat"]), float(r["lon"]))
            for r in csv.DictReader(file)
        ]
    fsas = [row for row in rows if row.kind == "fsa" and row.key not in _NOT_RESIDENTIAL]
    towns = [row for row in rows if row.kind == "municipality" and "Regional County" not in row.key]
    for town in towns:
        town.region = _TOWN_REGIONS.get(town.key) or _GEONAMES_REGIONS.get(town.region, town.region)
    regional_towns = [town for town in towns if town.region]
    for fsa in fsas:
        if fsa.key.startswith("H7"):
            fsa.region = "Laval"
        elif fsa.key.startswith("H"):
            fsa.region = "Montréal"
        else:
            fsa.region = _nearest(fsa, regional_towns).region
    for town in towns:
        town.region = town.region or _nearest(town, fsas).region
    urban = [fsa for fsa in fsas if _is_urban(fsa)]
    places = []
    for fsa in urban:
        places.append(
            _place(
                fsa,
                name=area_name(fsa.label),
                municipality=_municipality_of(fsa, towns),
                fsa=fsa.key,
                weight=URBAN_WEIGHT,
                # Within its region: the St. Lawrence runs between Montréal and Longueuil, Québec and Lévis.
                neighbours=_around(fsa, urban, URBAN_NEIGHBOURS_KM),
            )
        )
    for town in towns:
        if any(distance_km(town.lat, town.lon, f.lat, f.lon) < TOWN_CITY_DISTANCE_KM for f in urban):
            continue
        name = french_name(town.key)
        places.append(
            _place(
                town,
                name=name,
                municipality=name,
                fsa=_nearest(town, fsas).key,
                weight=TOWN_WEIGHT,
                neighbours=_around(town, [*urban, *towns], TOWN_NEIGHBOURS_KM),
            )
        )
    return tuple(sorted(places, key=lambda place: (REGIONS[place.region], place.key)))


def _municipality_of(fsa: _Row, towns: list[_Row]) -> str:
    if fsa.region == "Laval":
        return "Laval"
    if fsa.region == "Montréal":
        name = area_name(fsa.label)
        return name if name in _ISLAND_TOWNS else "Montréal"
    town = _nearest(fsa, [town for town in towns if town.region == fsa.region])
    return french_name(_PART_OF.get(town.key, town.key))


def _around(row: _Row, candidates: list[_Row], radius_km: float) -> list[_Row]:
    return [
        other
        for other in candidates
        if other.region == row.region and 0 < distance_km(row.lat, row.lon, other.lat, other.lon) < radius_km
    ]


def _place(
    row: _Row, *, name: str, municipality: str, fsa: str, weight: float, neighbours: list[_Row]
) -> Place:
    return Place(
        key=row.key,
        name=name,
        municipality=municipality,
        region=row.region,
        fsa=fsa,
        lat=row.lat,
        lon=row.lon,
        weight=weight,
        neighbours=tuple((other.lat, other.lon) for other in neighbours),
    )


def point_near(place: Place, rng: random.Random) -> tuple[float, float]:
    """A home's point: part of the way from the place's centre towards a neighbour, give or take a garden."""
    lat, lon = place.lat, place.lon
    if place.neighbours:
        to_lat, to_lon = rng.choice(place.neighbours)
        reach = distance_km(lat, lon, to_lat, to_lon)
        limit = URBAN_SCATTER_KM if place.weight == URBAN_WEIGHT else TOWN_SCATTER_KM
        travel = rng.uniform(0, min(reach * 0.45, limit))
        bearing = math.atan2(
            math.radians(to_lon - lon) * math.cos(math.radians(lat)), math.radians(to_lat - lat)
        )
        lat, lon = offset_point(lat, lon, distance_m=travel * 1000, bearing_rad=bearing)
    jitter = JITTER_KM if place.neighbours else ISOLATED_JITTER_KM
    lat, lon = offset_point(
        lat, lon, distance_m=rng.uniform(0, jitter) * 1000, bearing_rad=rng.uniform(0, 2 * math.pi)
    )
    return round(lat, 6), round(lon, 6)


# Canada Post leaves these letters out of postal codes.
_POSTAL_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"


def postal_code(fsa: str, rng: random.Random) -> str:
    """A postal code in the area: « H2X 1Y4 »."""
    return f"{fsa} {rng.randint(0, 9)}{rng.choice(_POSTAL_LETTERS)}{rng.randint(0, 9)}"


def phone_number(region: str, rng: random.Random) -> str:
    """A phone number in the 555-01xx range, which North America keeps for fiction."""
    return f"{AREA_CODES.get(region, '418')} 555-{rng.randint(100, 199):04d}"
