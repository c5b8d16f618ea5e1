"""The launch-day load test (`make load`, docs/benchmarks.md « Under load »): wrk drives the production
server configuration from the same machine, one page at a time and then the launch mix, and each result is
read against the home page's throughput measured in the same run."""

import json
from dataclasses import dataclass

# What is measured, in order; the home page comes first, as every ratio is to it.
PAGES = [
    ("home", "home page `/`"),
    ("points_5", "`points.json`, 5 km"),
    ("points_50", "`points.json`, 50 km"),
    ("search_5", "the map's search page with its list, 5 km"),
    ("search_50", "the map's search page with its list, 50 km"),
    ("provider", "a provider's public page"),
    ("mix", "the launch mix (35 % search pages, 35 % points, 20 % providers' pages, 10 % home)"),
]
BASELINE = "home"
RESULT_PREFIX = "LOAD_RESULT "


@dataclass(frozen=True)
class Goal:
    """What the launch-day issue (#17) asks of a page in one run: a least ratio to the home page, a least
    throughput, a greatest p95; every page of every run, no error."""

    ratio: float | None = None
    per_second: float | None = None
    p95_ms: float | None = None


GOALS = {
    "search_5": Goal(ratio=0.40),
    "search_50": Goal(ratio=0.20),
    "mix": Goal(ratio=0.50, per_second=500, p95_ms=200),
}


@dataclass(frozen=True)
class Measure:
    """What wrk counted for one page: latencies in milliseconds."""

    requests: int
    seconds: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Row:
    page: str
    label: str
    measure: Measure
    ratio: float | None


def parse(output: str) -> Measure:
    """The line launch.lua's `done` writes: a non-2xx answer and a socket error both count as errors."""
    for line in output.splitlines():
        if line.startswith(RESULT_PREFIX):
            raw = json.loads(line.removeprefix(RESULT_PREFIX))
            return Measure(
                requests=raw["requests"],
                seconds=raw["duration_us"] / 1_000_000,
                p50_ms=raw["p50_us"] / 1000,
                p95_ms=raw["p95_us"] / 1000,
                p99_ms=raw["p99_us"] / 1000,
                errors=raw["non_2xx"] + raw["socket_errors"],
            )
    raise ValueError(f"wrk wrote no {RESULT_PREFIX.strip()} line:\n{output}")


def rows(measures: dict[str, Measure]) -> list[Row]:
    """Each page measured, in PAGES' order, with its throughput's ratio to the home page's of the run."""
    home = measures.get(BASELINE)
    base = home.per_second if home else 0.0
    return [
        Row(page, label, measure, measure.per_second / base if base else None)
        for page, label in PAGES
        if (measure := measures.get(page)) is not None
    ]


def verdict(row: Row) -> str:
    """Each goal of the row's page and whether it was met: « ≥ 0.40 of the home page: met, 0 errors: met »."""
    goal, measure = GOALS.get(row.page, Goal()), row.measure
    checks = []
    if goal.ratio is not None:
        met = row.ratio is not None and row.ratio >= goal.ratio
        checks.append((f"≥ {goal.ratio:.2f} of the home page", met))
    if goal.per_second is not None:
        checks.append((f"≥ {goal.per_second:,.0f}/s", measure.per_second >= goal.per_second))
    if goal.p95_ms is not None:
        checks.append((f"p95 < {goal.p95_ms:.0f} ms", measure.p95_ms < goal.p95_ms))
    checks.append(("0 errors", measure.errors == 0))
    return ", ".join(f"{label}: {'met' if met else '**not met**'}" for label, met in checks)


def table(results: list[Row]) -> str:
    """The results as a Markdown table, for the terminal and docs/benchmarks.md alike."""
    lines = [
        "| page | requests/s | ratio to the home page | p50 | p95 | p99 | errors | goals |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for row in results:
        measure = row.measure
        ratio = "—" if row.ratio is None else f"{row.ratio:.2f}"
        lines.append(
            f"| {row.label} | {measure.per_second:,.0f} | {ratio} | {measure.p50_ms:.1f} ms "
            f"| {measure.p95_ms:.1f} ms | {measure.p99_ms:.1f} ms "
            f"| {measure.errors} of {measure.requests:,} | {verdict(row)} |"
        )
    return "\n".join(lines)
