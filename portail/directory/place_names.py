"""How the map shows the places of quebec-places.csv: accents restored, French names for postal areas."""

import re

# The file's names lost their accents (GeoNames) or are English (Statistics Canada's FSA labels).
_ACCENTS = {
    "Quebec": "Québec", "Montreal": "Montréal", "Riviere": "Rivière", "Rivieres": "Rivières",
    "Levis": "Lévis", "Jerome": "Jérôme", "Iles": "Îles", "Ile": "Île", "Becancour": "Bécancour",
    "Chateauguay": "Châteauguay", "Chateau": "Château", "Therese": "Thérèse", "Leonard": "Léonard",
    "Felicien": "Félicien", "Felix": "Félix", "Gedeon": "Gédéon", "Remi": "Rémi", "Cesaire": "Césaire",
    "Come": "Côme", "Cote": "Côte", "Thecle": "Thècle", "Andre": "André", "Prevost": "Prévost",
    "Rosemere": "Rosemère", "Vercheres": "Verchères", "Gaspe": "Gaspé", "Maskinonge": "Maskinongé",
    "Megantic": "Mégantic", "Epiphanie": "Épiphanie", "Cedres": "Cèdres", "Temiscaming": "Témiscaming",
    "Quevillon": "Quévillon", "Urfe": "Urfé", "Beaupre": "Beaupré", "Carrieres": "Carrières",
    "Sante": "Santé", "Pocatiere": "Pocatière", "Liniere": "Linière", "Fran?ois": "François",
}  # fmt: skip
_LABEL_PHRASES = {
    "Quebec City": "Québec",
    "Old Montreal": "Vieux-Montréal",
    "Downtown Montreal": "Centre-ville",
    "Mount Royal": "Mont-Royal",
    "Montreal North": "Montréal-Nord",
    "Montreal East": "Montréal-Est",
    "Montreal West": "Montréal-Ouest",
}
_LABEL_TRAILERS = {
    "north", "south", "east", "west", "central", "northeast", "northwest", "southeast", "southwest",
    "inner", "outer", "outskirts", "riverbank", "mid-riverbank", "lower", "upper", "extremities", "rcm",
    "and", "&",
}  # fmt: skip


def french_name(name: str) -> str:
    """A municipality's name from the file, accents restored."""
    return re.sub(r"[A-Za-z?]+", lambda word: _ACCENTS.get(word[0], word[0]), name)


def area_name(label: str) -> str:
    """A short French name for an urban postal area, from its English label: « Plateau Mont-Royal »."""
    label = label.split(" (")[0].replace("- ", "-")
    for english, french in _LABEL_PHRASES.items():
        label = label.replace(english, french)
    words = label.split()
    while len(words) > 1 and words[-1].lower() in _LABEL_TRAILERS:
        words.pop()
    return french_name(" ".join(words))
