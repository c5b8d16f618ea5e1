"""Every string a user sees has its French translation, and the catalogues are up to date."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]


def _catalogues(root: Path) -> dict[str, Path]:
    return {
        str(path.relative_to(root)): path
        for path in root.glob("**/locale/fr/LC_MESSAGES/django.po")
        if ".venv" not in path.parts
    }


def test_every_french_catalogue_entry_is_translated():
    untranslated = [
        f"{name}: {entry.msgid!r}"
        for name, path in _catalogues(ROOT).items()
        for entry in polib.pofile(str(path))
        if not entry.translated() or entry.obsolete
    ]

    assert untranslated == []


def test_the_catalogues_hold_every_string_of_the_code(tmp_path):
    """makemessages on a copy of the sources finds no string the committed catalogues lack."""
    copy = tmp_path / "src"
    ignore = shutil.ignore_patterns(
        ".venv", "assets", "var", "node_modules", "__pycache__", "*.mo", "tests", ".git"
    )
    shutil.copytree(ROOT, copy, ignore=ignore)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-location", "--ignore=tests"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    missing = []
    for name, path in _catalogues(copy).items():
        committed = {e.msgid for e in polib.pofile(str(ROOT / name))} if (ROOT / name).exists() else set()
        missing += [f"{name}: {e.msgid!r}" for e in polib.pofile(str(path)) if e.msgid not in committed]

    assert missing == [], "run `make makemessages` and translate the new strings"
