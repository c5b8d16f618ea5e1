"""Times the portal's benchmarks (portail/demo/benchmarks/<app>.py) against their baselines, in-process."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from portail.demo.benchmarking import Result, discover, discover_facts, measure
from portail.registry.models import CoordinatingOffice, Facility, Provider


class Command(BaseCommand):
    help = (
        "Times each benchmark: the median server time in milliseconds over --repeat runs after --warmup "
        "runs, next to its baseline measured in the same run, and the number of queries of each."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("names", nargs="*", help="Only the benchmarks whose name contains one of these.")
        parser.add_argument("--repeat", type=int, default=40)
        parser.add_argument("--warmup", type=int, default=3)

    def handle(self, *args: Any, names: list[str], repeat: int, warmup: int, **options: Any) -> None:
        chosen = [
            (app, benchmark)
            for app, benchmark in discover()
            if not names or any(name in benchmark.name for name in names)
        ]
        if not chosen:
            raise CommandError("No benchmark matches.")
        self.stdout.write(
            f"{connection.vendor} {connection.settings_dict['NAME']}: "
            f"{Provider.objects.count():,} providers, "
            f"{CoordinatingOffice.objects.count():,} offices, {Facility.objects.count():,} facilities; "
            f"medians of {repeat} runs, in ms"
        )
        self.stdout.write(
            f"{'benchmark':<48} {'ms':>9} {'queries':>7} {'baseline ms':>12} {'queries':>7} {'ratio':>8}"
        )
        for app, benchmark in chosen:
            self.stdout.write(
                self._line(f"{app}: {benchmark.name}", measure(benchmark, repeat=repeat, warmup=warmup))
            )
        # Figures that are not times (an app's `FACTS`: the size of a table, say), after the timings.
        for app, fact in discover_facts():
            self.stdout.write(
                f"{app}: {fact.__doc__.splitlines()[0] if fact.__doc__ else fact.__name__} {fact()}"
            )

    @staticmethod
    def _line(name: str, result: Result) -> str:
        line = f"{name:<48} {result.run.median_ms:>9.2f} {result.run.queries:>7}"
        if result.baseline is not None and result.ratio is not None:
            line += f" {result.baseline.median_ms:>12.2f} {result.baseline.queries:>7} {result.ratio:>7.1f}×"
        return line
