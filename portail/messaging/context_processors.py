"""The unread count of the role menu's « Messagerie »: one query, only if a page shows the menu."""

from typing import Any

from django.http import HttpRequest


def unread(request: HttpRequest) -> dict[str, Any]:
    def count() -> int:
        from portail.messaging.selectors import unread_count

        user = request.user
        return unread_count(user) if user.is_authenticated else 0

    # A callable: the template calls it where the menu shows the count (`{% with %}`, once), not before.
    return {"messaging_unread": count}
