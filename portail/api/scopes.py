"""The OAuth scopes: every one the API knows; a client may ask only those its office gave it."""

from typing import Any

from oauth2_provider.scopes import BaseScopes

from portail.api.models import ApiClient, Scope


def _granted(application: Any) -> list[str]:
    client = ApiClient.objects.filter(application=application).first() if application is not None else None
    return client.scope_list if client is not None else []


class ClientScopes(BaseScopes):
    def get_all_scopes(self) -> dict[str, str]:
        return {scope.value: str(scope.label) for scope in Scope}

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        return _granted(application)

    def get_default_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        return _granted(application)
