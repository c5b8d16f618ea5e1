"""`python -m portail.demo.load URL`: run by scripts/load once the server answers (see its header)."""

import argparse
import csv
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import django

HERE = Path(__file__).parent
MONTREAL_FIRST_LETTER = "H"


def _areas() -> tuple[list[str], list[str]]:
    from portail.directory.geocoding import PLACES_CSV

    with PLACES_CSV.open(encoding="utf-8") as places:
        areas = [row["key"] for row in csv.DictReader(places) if row["kind"] == "fsa"]
    return areas, [area for area in areas if area.startswith(MONTREAL_FIRST_LETTER)]


def _provider_ids(limit: int = 5000) -> list[int]:
    from django.utils import timezone

    from portail.directory.selectors import public_providers

    shown = public_providers(today=timezone.localdate()).order_by("?").values_list("pk", flat=True)
    return list(shown[:limit])


def _lua_list(values: list[str] | list[int]) -> str:
    return "{" + ",".join(f'"{value}"' if isinstance(value, str) else str(value) for value in values) + "}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url", help="the server's base URL, on the loopback")
    parser.add_argument("--duration", type=int, default=15, help="seconds per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--pages", default="", help="comma-separated subset of the pages (home is kept)")
    parser.add_argument("--output", type=Path, help="also write the report there")
    options = parser.parse_args()
    if not options.url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]")):
        sys.exit("The load test drives a server on this machine's loopback only.")

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from portail.demo.load import BASELINE, PAGES, Measure, parse, rows, table

    wanted = {name for name in options.pages.split(",") if name} | {BASELINE}
    pages = [name for name, _label in PAGES if not options.pages or name in wanted]
    quebec, montreal = _areas()
    providers = _provider_ids()
    if not providers:
        sys.exit("No provider is shown on the map: seed the data set first (manage.py seed_demo).")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as data:
        data.write(f"QUEBEC_AREAS = {_lua_list(quebec)}\nMONTREAL_AREAS = {_lua_list(montreal)}\n")
        data.write(f"PROVIDERS = {_lua_list(providers)}\n")
    load = subprocess.run(["uptime"], capture_output=True, text=True, check=False).stdout.strip()  # noqa: S607
    try:
        # A few seconds of warm-up: each worker's first requests load its caches and open its connection.
        _wrk(options, "mix", data.name, duration=3)
        measures: dict[str, Measure] = {}
        for page in pages:
            measures[page] = parse(_wrk(options, page, data.name, duration=options.duration))
            print(f"  {page}: {measures[page].per_second:,.0f} requests/s", file=sys.stderr)
    finally:
        os.unlink(data.name)
    report = (
        f"{datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, wrk {options.threads} threads × "
        f"{options.connections} connections, {options.duration} s a page; `uptime` before the run: {load}\n\n"
        f"{table(rows(measures))}\n"
    )
    print(report)
    if options.output:
        options.output.write_text(report, encoding="utf-8")


def _wrk(options: argparse.Namespace, page: str, data: str, *, duration: int) -> str:
    command = [
        "wrk",
        f"--threads={options.threads}",
        f"--connections={options.connections}",
        f"--duration={duration}s",
        "--timeout=5s",
        f"--script={HERE / 'launch.lua'}",
        options.url.rstrip("/"),
        "--",
        page,
        data,
    ]
    finished = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return finished.stdout


if __name__ == "__main__":
    main()
