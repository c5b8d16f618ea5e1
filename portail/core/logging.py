"""Logging filters named in settings' LOGGING."""

import logging


class RefusalsAtInfo(logging.Filter):
    """Django's ``django.request`` logs every 403 at WARNING with the PermissionDenied's traceback.

    A refusal is the access layer doing its job: it stays in the log, once, at INFO and without a traceback,
    so that real warnings stand out.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "django.request" and getattr(record, "status_code", None) == 403:
            record.levelno = logging.INFO
            record.levelname = logging.getLevelName(logging.INFO)
            record.exc_info = None
            record.exc_text = None
        return True
