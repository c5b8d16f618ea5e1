"""manage.py import_register FILE.csv: the register's import, run by the ministry's or an office's staff."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from portail.accounts.models import User
from portail.registry.imports import COLUMNS, ImportFileError, import_register

REASON_MAX_LENGTH = 100


class Command(BaseCommand):
    help = f"Imports providers from a CSV file with the columns: {', '.join(COLUMNS)}."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the CSV file, UTF-8, comma or semicolon separated")
        parser.add_argument("--by", metavar="EMAIL", help="the account recorded in the history as the author")
        parser.add_argument("--reason", help="the reason recorded in the history (default: the file's name)")
        parser.add_argument("--dry-run", action="store_true", help="check every line, write nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        by = None
        if options["by"]:
            by = User.objects.filter(email__iexact=options["by"]).first()
            if by is None:
                raise CommandError(
                    _("No account has the e-mail address %(email)s.") % {"email": options["by"]}
                )
        reason = options["reason"] or _("Import of %(file)s") % {"file": path.name}
        try:
            with path.open(encoding="utf-8-sig", newline="") as lines:
                report = import_register(
                    lines=lines,
                    by=by,
                    reason=reason[:REASON_MAX_LENGTH],
                    dry_run=options["dry_run"],
                    progress=lambda count: self.stderr.write(_("%(count)d lines read…") % {"count": count}),
                )
        except (OSError, UnicodeDecodeError, ImportFileError) as error:
            raise CommandError(str(error)) from error
        for line, message in report.rejected:
            self.stderr.write(_("Line %(line)d: %(message)s") % {"line": line, "message": message})
        summary = _(
            "%(created)d created, %(updated)d updated, %(unchanged)d unchanged, %(rejected)d rejected."
        ) % {
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "rejected": len(report.rejected),
        }
        if options["dry_run"]:
            summary += " " + _("Dry run: nothing was written.")
        self.stdout.write(summary)
        if report.rejected:
            raise CommandError(
                _("%(count)d lines were rejected; the other lines were imported.")
                % {"count": len(report.rejected)}
            )
