"""Dates and times read as Québec writes them: « 1er décembre 2026 », « 2026-12-01 13 h 06 »."""

import logging
from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation
from django.utils.formats import date_format, time_format

from portail.core.logging import RefusalsAtInfo


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


@pytest.fixture
def french():
    with translation.override("fr-ca"):
        yield


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_a_short_date_time_reads_hours_h_minutes(french):
    assert date_format(datetime(2026, 12, 1, 13, 6, 6), "SHORT_DATETIME_FORMAT") == "2026-12-01 13\xa0h\xa006"


def test_an_afternoon_time_keeps_its_24_hour_hour(french):
    assert time_format(time(13, 6), "TIME_FORMAT") == "13\xa0h\xa006"
    assert render('{{ t|time:"TIME_FORMAT" }}', t=time(9, 5)) == "09\xa0h\xa005"


def test_a_date_time_in_words(french):
    assert date_format(datetime(2026, 12, 14, 8, 30), "DATETIME_FORMAT") == "14 décembre 2026, 08\xa0h\xa030"


def test_the_first_of_a_month_is_1er_in_templates(french):
    assert render('{{ d|date:"DATE_FORMAT" }}', d=date(2026, 12, 1)) == "1er décembre 2026"
    assert render('{{ d|date:"j F Y" }}', d=date(2027, 1, 1)) == "1er janvier 2027"
    assert render("{{ d|date }}", d=date(2026, 12, 1)) == "1er décembre 2026"


def test_other_days_keep_their_number(french):
    assert render('{{ d|date:"DATE_FORMAT" }}', d=date(2026, 12, 2)) == "2 décembre 2026"
    assert render('{{ d|date:"DATE_FORMAT" }}', d=date(2026, 12, 11)) == "11 décembre 2026"
    assert render('{{ d|date:"DATE_FORMAT" }}', d=date(2026, 12, 21)) == "21 décembre 2026"


def test_a_numeric_first_of_the_month_has_no_er(french):
    assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=date(2026, 12, 1)) == "2026-12-01"


def test_a_date_time_on_the_first_with_its_time(french):
    moment = datetime(2026, 12, 1, 13, 6)
    assert render('{{ d|date:"j F Y, H:i" }}', d=moment) == "1er décembre 2026, 13:06"


def test_english_has_no_french_ordinal(english):
    assert render('{{ d|date:"j F Y" }}', d=date(2026, 12, 1)) == "1 December 2026"


def test_an_empty_date_renders_empty(french):
    assert render('{{ d|date:"DATE_FORMAT"|default:"—" }}', d=None) == "—"


def test_a_refusal_is_logged_once_at_info_without_its_traceback(caplog):
    request = RequestFactory().get("/bureau/")
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Forbidden", (), None)
    try:
        raise PermissionDenied
    except PermissionDenied:
        import sys

        record.exc_info = sys.exc_info()
    record.status_code = 403
    record.request = request

    assert RefusalsAtInfo().filter(record) is True
    assert record.levelno == logging.INFO
    assert record.exc_info is None


def test_other_request_errors_keep_their_level():
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Boom", (), None)
    record.status_code = 500

    RefusalsAtInfo().filter(record)

    assert record.levelno == logging.ERROR


def test_a_forbidden_page_leaves_one_info_line(client, demo_accounts, caplog):
    client.force_login(demo_accounts["parent"])
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = client.get("/bureau/")

    assert response.status_code == 403
    refusals = [r for r in caplog.records if r.name == "django.request"]
    assert [(r.levelno, r.exc_info) for r in refusals] == [(logging.INFO, None)]
