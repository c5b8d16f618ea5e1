# Québec French, as the Office québécois de la langue française writes dates and times: « 1er décembre
# 2026 », « 13 h 06 », « 2026-12-01 13 h 06 ». Django's own fr_CA leaves the ``h`` of « 13 h 06 » unescaped,
# which prints the 12-hour hour instead. The rest is Django's fr_CA.
from django.conf.locale.fr_CA.formats import *  # noqa: F403

DATE_FORMAT = "j F Y"  # 1er décembre 2026 (the « er »: portail.core.formats.french_first_day)
TIME_FORMAT = "H\xa0\\h\xa0i"  # 13 h 06
DATETIME_FORMAT = "j F Y, H\xa0\\h\xa0i"  # 1er décembre 2026, 13 h 06
SHORT_DATE_FORMAT = "Y-m-d"  # 2026-12-01
SHORT_DATETIME_FORMAT = "Y-m-d H\xa0\\h\xa0i"  # 2026-12-01 13 h 06
