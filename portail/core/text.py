"""Names compared and sorted the way a French reader expects: case and accents aside (« cote » finds « Côté »,
« Bédard » comes before « Brassard »), the same on SQLite and on PostgreSQL."""

import unicodedata
from typing import Any

from django.db.backends.signals import connection_created
from django.db.models import CharField, Func, Q, Value
from django.db.models.lookups import Contains

# Letters that Unicode does not decompose but French readers see as two.
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def fold(text: str | None) -> str | None:
    """Lower case without accents: SQLite's twin of PostgreSQL's `lower(unaccent(…))`."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


class Folded(Func):
    """An expression's text folded by the database: `lower(unaccent(…))` on PostgreSQL (its `unaccent`
    extension, created by a migration), `fold` registered as a function on SQLite."""

    function = "portail_fold"
    output_field = CharField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="lower(unaccent(%(expressions)s))", **extra)


def any_contains(fields: list[str], term: str) -> Q:
    """One of the fields holds the term, case and accents aside."""
    condition = Q()
    for name in fields:
        condition |= Q(Contains(Folded(name), Folded(Value(term))))
    return condition


def _register_fold(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("portail_fold", 1, fold, deterministic=True)


def connect() -> None:
    """Gives every new SQLite connection the `portail_fold` function (CoreConfig.ready)."""
    connection_created.connect(_register_fold, dispatch_uid="portail.core.text.fold")
