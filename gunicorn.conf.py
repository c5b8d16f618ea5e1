"""Gunicorn's settings, read from the project's root (`gunicorn config.wsgi`): the demo's and production's.

The access log names the path, never the query string nor the referring page: a map search's query holds
the address or postal code a parent typed (docs/privacy.md).
"""

access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms "%(a)s"'
