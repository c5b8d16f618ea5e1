"""The load test's report (portail/demo/load): what wrk wrote, read against the home page of the same run."""

import pytest

from portail.demo.load import Measure, parse, rows, table, verdict

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8765
LOAD_RESULT {"requests": 5000, "duration_us": 10000000, "p50_us": 2100, "p95_us": 9500, "p99_us": 20000, \
"non_2xx": 3, "socket_errors": 1}
"""


def _measure(requests: int) -> Measure:
    return Measure(requests=requests, seconds=10, p50_ms=1, p95_ms=2, p99_ms=3, errors=0)


def test_wrk_s_line_is_read_with_non_2xx_and_socket_errors_as_errors():
    measure = parse(WRK_OUTPUT)
    assert measure.per_second == 500
    assert (measure.p50_ms, measure.p95_ms, measure.p99_ms) == (2.1, 9.5, 20.0)
    assert measure.errors == 4


def test_an_output_without_the_result_line_is_an_error():
    with pytest.raises(ValueError, match="LOAD_RESULT"):
        parse("unable to connect to 127.0.0.1:8765")


def test_each_page_s_ratio_is_to_the_home_page_of_the_same_run_in_the_pages_order():
    measured = rows({"mix": _measure(600), "search_5": _measure(450), "home": _measure(1000)})
    assert [(row.page, row.ratio) for row in measured] == [("home", 1.0), ("search_5", 0.45), ("mix", 0.6)]


def test_without_the_home_page_there_is_no_ratio():
    assert rows({"mix": _measure(600)})[0].ratio is None
    assert "| — |" in table(rows({"mix": _measure(600)}))


def test_each_page_is_read_against_the_issue_s_goals():
    measured = {
        row.page: row
        for row in rows(
            {
                "home": _measure(1000),
                "search_5": _measure(399),
                "search_50": _measure(200),
                "mix": Measure(requests=5100, seconds=10, p50_ms=1, p95_ms=250, p99_ms=300, errors=1),
            }
        )
    }
    assert verdict(measured["home"]) == "0 errors: met"
    assert verdict(measured["search_5"]) == "≥ 0.40 of the home page: **not met**, 0 errors: met"
    assert verdict(measured["search_50"]) == "≥ 0.20 of the home page: met, 0 errors: met"
    assert verdict(measured["mix"]) == (
        "≥ 0.50 of the home page: met, ≥ 500/s: met, p95 < 200 ms: **not met**, 0 errors: **not met**"
    )
    assert table(list(measured.values())).splitlines()[0].endswith("| goals |")
