"""`manage.py bench` finds the apps' benchmarks and prints each next to its baseline."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from portail.demo.benchmarking import Benchmark, discover, measure
from portail.demo.generator import SCALES, generate

pytestmark = pytest.mark.django_db


def test_the_registry_benchmark_is_discovered():
    assert ("registry", "office's providers, first 50 by name") in [
        (app, benchmark.name) for app, benchmark in discover()
    ]


def test_a_benchmark_is_timed_with_its_baseline_and_queries():
    result = measure(
        Benchmark(
            name="sum", setup=lambda: 1000, run=lambda n: sum(range(n)), baseline=lambda n: sum(range(10 * n))
        ),
        repeat=3,
        warmup=1,
    )
    assert result.run.queries == 0
    assert result.baseline is not None
    assert result.ratio is not None and result.ratio > 0


def test_the_command_prints_each_benchmark(monkeypatch):
    from portail.demo.benchmarks import attendance_upload

    # The upload's own office with 2 providers, not 200: its baseline sends one request per child.
    monkeypatch.setattr(attendance_upload, "PROVIDERS", 2)
    generate(scale=SCALES["tiny"], seed=1, today=date(2026, 11, 28))
    out = StringIO()
    call_command("bench", "--repeat", "2", "--warmup", "1", stdout=out)
    assert "registry: office's providers, first 50 by name" in out.getvalue()
    assert "×" in out.getvalue()
