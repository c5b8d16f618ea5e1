"""Québec French: Django's fr_CA writes the « h » of « 13 h 06 » unescaped, which prints the 12-hour hour
(« 13 01 06 »); the same formats with it escaped. Everything else comes from Django's fr_CA."""

from django.conf.locale.fr_CA.formats import *  # noqa: F403

DATETIME_FORMAT = "j F Y, H\xa0\\h\xa0i"
SHORT_DATETIME_FORMAT = "Y-m-d H\xa0\\h\xa0i"
TIME_FORMAT = "H\xa0\\h\xa0i"
