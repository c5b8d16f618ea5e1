"""Benchmarks of server time: `portail/demo/benchmarks/<app>.py` lists them, `manage.py bench` times them."""

import pkgutil
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass(frozen=True)
class Benchmark:
    """One thing to time, and the naive way it is measured against; both receive what `setup` returns.

    A page is timed the same way: `setup` returns a logged-in `django.test.Client`, `run` gets the URL
    and checks the status.
    """

    name: str
    setup: Callable[[], Any]
    run: Callable[[Any], object]
    baseline: Callable[[Any], object] | None = None


@dataclass(frozen=True)
class Timing:
    median_ms: float
    queries: int


@dataclass(frozen=True)
class Result:
    benchmark: Benchmark
    run: Timing
    baseline: Timing | None

    @property
    def ratio(self) -> float | None:
        """How many times faster than the baseline."""
        return None if self.baseline is None else self.baseline.median_ms / self.run.median_ms


def discover() -> Iterator[tuple[str, Benchmark]]:
    """Every benchmark of the portal's apps, with its app's label (its module's name)."""
    from portail.demo import benchmarks

    for module in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda module: module.name):
        for benchmark in import_module(f"{benchmarks.__name__}.{module.name}").BENCHMARKS:
            yield module.name, benchmark


def discover_facts() -> Iterator[tuple[str, Callable[[], str]]]:
    """The figures some apps report beside their timings (`FACTS` in their benchmarks' module)."""
    from portail.demo import benchmarks

    for module in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda module: module.name):
        for fact in getattr(import_module(f"{benchmarks.__name__}.{module.name}"), "FACTS", []):
            yield module.name, fact


def measure(benchmark: Benchmark, *, repeat: int, warmup: int) -> Result:
    """Medians of `repeat` runs after `warmup` runs, run and baseline taking turns so that noise hits both."""
    fixture = benchmark.setup()
    functions = [benchmark.run] + ([benchmark.baseline] if benchmark.baseline else [])
    samples: list[list[float]] = [[] for _ in functions]
    for _ in range(warmup):
        for function in functions:
            function(fixture)
    for _ in range(repeat):
        for function, timings in zip(functions, samples, strict=True):
            started = time.perf_counter()
            function(fixture)
            timings.append((time.perf_counter() - started) * 1000)
    timings_of = [
        Timing(statistics.median(times), _queries(function, fixture))
        for function, times in zip(functions, samples, strict=True)
    ]
    return Result(benchmark, timings_of[0], timings_of[1] if len(timings_of) > 1 else None)


def _queries(function: Callable[[Any], object], fixture: Any) -> int:
    # Counted on a run of its own: capturing the SQL costs time.
    with CaptureQueriesContext(connection) as captured:
        function(fixture)
    return len(captured.captured_queries)
