"""Benchmarks of server time: each app's `benchmarks.py` lists them, `manage.py bench` times them."""

import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.module_loading import module_has_submodule


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
    """Every benchmark of the portal's apps, with its app's label."""
    for config in apps.get_app_configs():
        if config.name.startswith("portail.") and module_has_submodule(config.module, "benchmarks"):
            for benchmark in import_module(f"{config.name}.benchmarks").BENCHMARKS:
                yield config.label, benchmark


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
