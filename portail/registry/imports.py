"""Imports an office's register file (CSV): upserts entries by register number, line by line."""

import csv
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from portail.accounts.models import User
from portail.registry.forms import ImportLineForm
from portail.registry.models import CoordinatingOffice, Provider
from portail.registry.services import create_provider, pending_changes, update_provider

COLUMNS = [
    "office_number",
    "register_number",
    "first_name",
    "last_name",
    "email",
    "phone",
    "street_address",
    "municipality",
    "postal_code",
    "latitude",
    "longitude",
    "recognition_date",
    "status",
    "capacity",
    "subsidized_places",
    "has_assistant",
    "suspension_start",
    "suspension_planned_return",
]
PROGRESS_EVERY = 1000


class ImportFileError(Exception):
    """The file cannot be imported at all: nothing was written."""


class LineError(Exception):
    """One line is refused: nothing of it was written."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)

    @property
    def lines(self) -> int:
        return self.created + self.updated + self.unchanged + len(self.rejected)


def _reader(lines: Iterable[str]) -> "csv.DictReader[str]":
    """A reader of the file's lines, once its header is checked; its line_num is the file's line."""
    rest = iter(lines)
    header = next(rest, "")
    # Spreadsheets in French write « ; » between cells.
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(itertools.chain([header], rest), delimiter=delimiter)
    columns = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in COLUMNS if name not in columns]
    unknown = [name for name in columns if name not in COLUMNS]
    if missing or unknown or len(columns) != len(set(columns)):
        raise ImportFileError(
            _("The file’s columns must be exactly: %(expected)s. Missing: %(missing)s. Unknown: %(unknown)s.")
            % {
                "expected": ", ".join(COLUMNS),
                "missing": ", ".join(missing) or "—",
                "unknown": ", ".join(unknown) or "—",
            }
        )
    reader.fieldnames = columns
    return reader


def _form_errors(form: ImportLineForm) -> str:
    parts = []
    for name, errors in form.errors.items():
        text = " ".join(str(error) for error in errors)
        parts.append(text if name == "__all__" else f"{name}: {text}")
    return " ".join(parts)


def _import_line(
    row: dict[str, Any], *, offices: dict[str, CoordinatingOffice], by: User | None, reason: str
) -> str:
    if None in row or None in row.values():
        raise LineError(_("This line does not have one cell per column."))
    data = {name: value.strip() for name, value in row.items()}
    for coordinate in ("latitude", "longitude"):
        data[coordinate] = data[coordinate].replace(",", ".")
    data["subsidized_places"] = data["subsidized_places"] or "0"
    provider = Provider.objects.select_related("home").filter(register_number=data["register_number"]).first()
    form = ImportLineForm(data, provider=provider)
    if not form.is_valid():
        raise LineError(_form_errors(form))
    values = form.cleaned_data
    office = offices.get(values.pop("office_number"))
    if office is None:
        raise LineError(
            _("No coordinating office has the number %(number)s.") % {"number": data["office_number"]}
        )
    if provider is not None and provider.office_id != office.pk:
        raise LineError(_("This register number belongs to a provider of another coordinating office."))
    register_number = values.pop("register_number")
    if provider is None:
        create_provider(office=office, register_number=register_number, by=by, reason=reason, **values)
        return "created"
    if not pending_changes(provider=provider, changes=values):
        return "unchanged"
    update_provider(provider=provider, by=by, reason=reason, **values)
    return "updated"


def import_register(
    *,
    lines: Iterable[str],
    by: User | None,
    reason: str,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Upserts each line of a register file by its number; a wrong line is reported and left out."""
    reader = _reader(lines)
    offices = {office.number: office for office in CoordinatingOffice.objects.all()}
    report = ImportReport()
    first_line_of: dict[str, int] = {}
    with transaction.atomic():
        for row in reader:
            line = reader.line_num
            number = (row.get("register_number") or "").strip()
            try:
                if number in first_line_of:
                    raise LineError(
                        _("This register number is already on line %(line)d.")
                        % {"line": first_line_of[number]}
                    )
                first_line_of[number] = line
                with transaction.atomic():
                    outcome = _import_line(row, offices=offices, by=by, reason=reason)
            except LineError as error:
                report.rejected.append((line, str(error)))
            except ValidationError as error:
                # The service's own rules (e.g. the places held), which no form could check.
                report.rejected.append((line, " ".join(error.messages)))
            except IntegrityError as error:
                report.rejected.append((line, _("Refused by the database: %(error)s") % {"error": error}))
            else:
                setattr(report, outcome, getattr(report, outcome) + 1)
            if progress is not None and report.lines % PROGRESS_EVERY == 0:
                progress(report.lines)
        if dry_run:
            transaction.set_rollback(True)
    return report
