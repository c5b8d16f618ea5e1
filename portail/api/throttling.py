"""Calls per minute per client, counted in the shared cache like the portal's other limits."""

from typing import Any

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class ClientRateThrottle(SimpleRateThrottle):
    scope = "api_client"

    def get_rate(self) -> str:
        return f"{settings.API_RATE_PER_MINUTE}/min"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        client = getattr(request, "api_client", None)
        if client is None:
            return None  # the public doors (token, schema) are not counted per client
        return self.cache_format % {"scope": self.scope, "ident": client.pk}
