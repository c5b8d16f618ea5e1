"""Dates and times read the Québec way: « 13 h 06 », never Django's fr_CA « 13 01 06 »."""

from datetime import datetime

from django.utils import formats, translation


def test_a_time_of_the_afternoon_reads_with_its_24_hour_hour_and_an_h():
    moment = datetime(2026, 12, 1, 13, 6, 6)

    with translation.override("fr-ca"):
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == "2026-12-01 13\xa0h\xa006"
        assert formats.date_format(moment, "DATETIME_FORMAT") == "1 décembre 2026, 13\xa0h\xa006"
        assert formats.time_format(moment.time(), "TIME_FORMAT") == "13\xa0h\xa006"


def test_english_keeps_its_own_formats():
    with translation.override("en"):
        assert formats.date_format(datetime(2026, 12, 1), "SHORT_DATE_FORMAT") == "12/01/2026"
