"""What every page's layout needs to know about the deployment and the user."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from portail.accounts.models import Role


def portal(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "GOVERNMENT_DEPLOYMENT": settings.GOVERNMENT_DEPLOYMENT,
        "ROLE": user.role if user.is_authenticated else None,
        "Role": Role,
    }
