"""manage.py import_register: upserts by register number, idempotent, line by line, under the form's rules."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command

from portail.registry import imports
from portail.registry.imports import COLUMNS, ImportFileError, import_register
from portail.registry.models import Provider, ProviderHome

pytestmark = pytest.mark.django_db

LINE = {
    "office_number": "BC-IMPORT",
    "register_number": "RSGE-500001",
    "first_name": "Nadia",
    "last_name": "Bélanger",
    "email": "nadia@example.test",
    "phone": "514 555-0111",
    "street_address": "4321, rue Saint-Denis",
    "municipality": "Montréal",
    "postal_code": "h2j2k9",
    "latitude": "45.5301",
    "longitude": "-73.5801",
    "recognition_date": "2021-09-01",
    "status": "recognized",
    "capacity": "6",
    "subsidized_places": "6",
    "has_assistant": "non",
    "suspension_start": "",
    "suspension_planned_return": "",
}


@pytest.fixture
def office():
    from tests.registry.factories import OfficeFactory

    return OfficeFactory(number="BC-IMPORT")


def _csv(*lines, columns=COLUMNS, delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(columns)
    for line in lines:
        writer.writerow([{**LINE, **line}.get(column, "") for column in columns])
    return out.getvalue()


def _run(text, **options):
    return import_register(lines=io.StringIO(text), by=None, reason="Importation test", **options)


def test_a_good_file_enters_its_providers_with_their_homes(office):
    report = _run(
        _csv({}, {"register_number": "RSGE-500002", "email": "", "capacity": "8", "has_assistant": "oui"})
    )

    assert (report.created, report.rejected) == (2, [])
    nadia = Provider.objects.select_related("home").get(register_number="RSGE-500001")
    assert (nadia.office, nadia.capacity, nadia.has_assistant) == (office, 6, False)
    assert nadia.home.postal_code == "H2J 2K9"
    assert nadia.public_latitude != nadia.home.latitude
    assert nadia.history.get().history_change_reason == "Importation test"
    assert Provider.objects.get(register_number="RSGE-500002").has_assistant is True


def test_running_the_same_file_twice_changes_nothing(office):
    text = _csv({}, {"register_number": "RSGE-500002", "email": "autre@example.test"})
    _run(text)

    report = _run(text)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert Provider.history.count() == 2
    assert ProviderHome.history.count() == 2


def test_a_changed_line_updates_the_entry_with_history(office):
    _run(_csv({}))

    report = _run(
        _csv(
            {
                "capacity": "4",
                "subsidized_places": "4",
                "status": "suspended",
                "suspension_start": "2026-10-01",
                "suspension_planned_return": "2027-04-01",
            }
        )
    )

    assert report.updated == 1
    provider = Provider.objects.get(register_number="RSGE-500001")
    assert (provider.capacity, provider.status) == (4, "suspended")
    assert provider.history.count() == 2


def test_each_wrong_line_is_reported_with_its_number_and_reason_and_nothing_of_it_is_written(office):
    report = _run(
        _csv(
            {},
            {"register_number": "RSGE-500002", "capacity": "7", "email": "b@example.test"},
            {"register_number": "RSGE-500003", "status": "suspended", "email": "c@example.test"},
            {"register_number": "RSGE-500004", "email": "nadia@example.test"},
            {"register_number": "RSGE-500005", "office_number": "BC-NULLE", "email": "e@example.test"},
            {"register_number": "RSGE-500006", "has_assistant": "peut-être", "email": "f@example.test"},
            {
                "register_number": "RSGE-500007",
                "latitude": "48,8566",
                "longitude": "2,3522",
                "email": "g@example.test",
            },
            {"register_number": "RSGE-500001"},
            {"register_number": "RSGE-500008", "email": "h@example.test", "subsidized_places": ""},
        )
    )

    assert report.created == 2
    lines = dict(report.rejected)
    assert "capacity: Sans assistante, une RSGE peut recevoir au plus 6 enfants." in lines[3]
    assert "suspension_start: Une suspension doit avoir une date de début." in lines[4]
    assert "email: Cette adresse courriel est déjà utilisée" in lines[5]
    assert "Aucun bureau coordonnateur n’a le numéro BC-NULLE." in lines[6]
    assert "has_assistant: Inscrivez oui ou non." in lines[7]
    assert "longitude:" in lines[8]
    assert "déjà à la ligne 2" in lines[9]
    assert sorted(Provider.objects.values_list("register_number", flat=True)) == [
        "RSGE-500001",
        "RSGE-500008",
    ]


@pytest.mark.parametrize(
    "columns",
    [
        [c for c in COLUMNS if c != "capacity"],
        [*COLUMNS, "notes"],
        ["office_number", "register_number"],
        [],
    ],
)
def test_a_file_with_wrong_columns_is_refused_before_anything_is_written(office, columns):
    with pytest.raises(ImportFileError, match="Les colonnes du fichier doivent être exactement"):
        _run(_csv({}, columns=columns))

    assert not Provider.objects.exists()


def test_a_semicolon_file_from_a_french_spreadsheet_is_read(office):
    report = _run("\ufeff"[:0] + _csv({}, delimiter=";"))

    assert report.created == 1


def test_a_line_of_the_wrong_length_is_refused(office):
    report = _run(_csv({}) + "BC-IMPORT,RSGE-500009,Trop,Court\n")

    assert report.rejected == [(3, "Cette ligne n’a pas une cellule par colonne.")]


def test_a_dry_run_writes_nothing(office):
    report = _run(_csv({}), dry_run=True)

    assert report.created == 1
    assert not Provider.objects.exists()


def test_the_command_reports_progress_rejected_lines_and_a_summary(
    office, tmp_path, capsys, monkeypatch, agent
):
    monkeypatch.setattr(imports, "PROGRESS_EVERY", 2)
    path = tmp_path / "registre.csv"
    path.write_text(
        "\ufeff"
        + _csv(
            {},
            {"register_number": "RSGE-500002", "email": "b@example.test"},
            {"register_number": "RSGE-500003", "capacity": "12", "email": "c@example.test"},
        ),
        encoding="utf-8",
    )

    with pytest.raises(CommandError, match="1 lignes ont été refusées"):
        call_command("import_register", str(path), "--by", "bc@demo.test")

    out, err = capsys.readouterr()
    assert "2 créées, 0 modifiées, 0 inchangées, 1 refusées." in out
    assert "2 lignes lues…" in err
    assert "Ligne 4 : capacity:" in err
    record = Provider.objects.get(register_number="RSGE-500001").history.get()
    assert (record.history_user, record.history_change_reason) == (
        agent,
        "Importation du fichier registre.csv",
    )


def test_the_command_refuses_a_file_with_wrong_columns(office, tmp_path):
    path = tmp_path / "registre.csv"
    path.write_text("nom,prenom\nRoy,Léa\n", encoding="utf-8")

    with pytest.raises(CommandError, match="Manquantes : office_number"):
        call_command("import_register", str(path))
