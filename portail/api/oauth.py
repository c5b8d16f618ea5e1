"""The token endpoint's checks: a revoked client gets no token; a rotated secret still works for its grace
period."""

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

from portail.api.models import ApiClient


class ClientValidator(OAuth2Validator):
    def _check_secret(self, provided_secret: str, stored_secret: str) -> bool:
        if super()._check_secret(provided_secret, stored_secret):
            return True
        # The stored hash is salted, so it names one application: its client's previous secret, if any.
        client = ApiClient.objects.filter(
            application__client_secret=stored_secret, revoked_at__isnull=True
        ).first()
        return client is not None and client.accepts_previous_secret(provided_secret)

    def authenticate_client(self, request: Any, *args: Any, **kwargs: Any) -> bool:
        if not super().authenticate_client(request, *args, **kwargs):
            return False
        client = ApiClient.objects.filter(application=request.client).first()
        return client is not None and client.is_active
