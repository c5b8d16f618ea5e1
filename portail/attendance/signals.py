"""Attendance's own signal: steps written in bulk send no `post_save`, so whoever follows the sheets' steps
(the API's change feed) hears of them by this one."""

from django.dispatch import Signal

# Sent by services.upsert_period after it wrote its steps in one statement, with `events`: the SheetEvents.
sheet_events_created = Signal()
