"""Public reads on a replica (docs/deployment.md, « A read replica »): the public map's pages read the
register from the alias `replica` when DATABASE_REPLICA_URL gives one; everything else stays on the primary.

A view marked `@public_read` reads its register's rows from the replica, unless
- the read is inside a transaction (it must see what the transaction wrote, and its locks);
- the visitor is signed in and wrote within the last REPLICA_LAG_SECONDS (`ReadYourWritesMiddleware` marks
  the session after each write request): a provider who just changed its places sees them at once;
- the model is not the register's (sessions, accounts: signing in never depends on a replica's lag).
Writes always go to the primary, and migrations run there only.
"""

import time
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Model
from django.http import HttpRequest, HttpResponse

PRIMARY, REPLICA = "default", "replica"
# What the public map reads: the register, its profiles, the admissions behind places available.
PUBLIC_APPS = frozenset({"registry", "directory", "profiles", "admissions"})
# How long after a write a signed-in user's reads stay on the primary: more than a replica's usual lag.
REPLICA_LAG_SECONDS = 10
SESSION_KEY = "_primary_until"


def has_replica() -> bool:
    return REPLICA in settings.DATABASES


_public_read: ContextVar[bool] = ContextVar("public_read", default=False)


def wrote_recently(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return float(request.session.get(SESSION_KEY, 0)) > time.time()


def public_read(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Marks a public page: its reads may come from the replica, and its answer to an anonymous visitor may
    be kept by a cache (portail.core.middleware.PublicCacheMiddleware)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        request.public_page = True  # type: ignore[attr-defined]
        token = _public_read.set(not wrote_recently(request))
        try:
            return view(request, *args, **kwargs)
        finally:
            _public_read.reset(token)

    return wrapped


class PublicReadRouter:
    """The only router: `replica` for a public page's reads of the register, else the primary."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        if (
            has_replica()
            and _public_read.get()
            and model._meta.app_label in PUBLIC_APPS
            and not connections[PRIMARY].in_atomic_block
        ):
            return REPLICA
        return PRIMARY

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, first: Model, second: Model, **hints: Any) -> bool:
        return True  # one database and its copy

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY


class ReadYourWritesMiddleware:
    """After a signed-in user's write request (POST and the like), its next REPLICA_LAG_SECONDS of reads
    stay on the primary. Nothing is written for anonymous visitors nor for reads."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            has_replica()
            and request.method not in ("GET", "HEAD", "OPTIONS")
            and user is not None
            and user.is_authenticated
        ):
            request.session[SESSION_KEY] = time.time() + REPLICA_LAG_SECONDS
        return response
