"""Who calls: a bearer token of a client that is not revoked, acting as its service account."""

from datetime import timedelta
from typing import Any

from django.utils import timezone
from oauth2_provider.contrib.rest_framework import OAuth2Authentication

from portail.api.models import ApiClient

# The client's « last use » is written at most this often: not a write per call.
LAST_USE_EVERY = timedelta(minutes=1)


class ClientTokenAuthentication(OAuth2Authentication):
    www_authenticate_realm = "portail-garde"

    def authenticate(self, request: Any) -> tuple[Any, Any] | None:
        if not request.META.get("HTTP_AUTHORIZATION", "").startswith("Bearer "):
            return None  # no token: a 401, before the body is even read
        found = super().authenticate(request)
        if found is None:
            return None
        _user, token = found
        client = (
            ApiClient.objects.select_related("user__office_agent__office", "office")
            .filter(application_id=token.application_id, revoked_at__isnull=True)
            .first()
        )
        if client is None or not client.user.is_active:
            return None
        now = timezone.now()
        if client.last_used_at is None or now - client.last_used_at > LAST_USE_EVERY:
            ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        request.api_client = client
        request._request.api_client = client
        return client.user, token
