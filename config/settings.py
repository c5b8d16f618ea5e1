"""Settings of the portal, read from the environment with safe defaults (see README, « Configuration »)."""

import os
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_required, env_str, generated_secret, url_origin

BASE_DIR = Path(__file__).resolve().parent.parent

# "demo" (the default: a laptop, SQLite, console e-mail), "test" (set by the test suite) or "production".
PORTAIL_ENV = env_str("PORTAIL_ENV", "demo")
if PORTAIL_ENV not in {"demo", "test", "production"}:
    raise ImproperlyConfigured(f"PORTAIL_ENV must be demo, test or production; got {PORTAIL_ENV!r}.")
PRODUCTION = PORTAIL_ENV == "production"

DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

# Secrets: production brings its own; the demo generates its own once, into var/ (git-ignored), so no
# deployment ever runs on a key published here; the tests use fixed values of their own.
if PRODUCTION:
    SECRET_KEY = env_required("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
    # The key behind providers' approximate public positions (docs/privacy.md): a secret of its own, so that
    # rotating SECRET_KEY (sessions, password-reset links) does not move every provider on the map.
    PUBLIC_POSITION_SECRET = env_required("PUBLIC_POSITION_SECRET")
    if len(PUBLIC_POSITION_SECRET) < 32:
        raise ImproperlyConfigured("PUBLIC_POSITION_SECRET must be at least 32 characters long.")
    if PUBLIC_POSITION_SECRET == SECRET_KEY:
        raise ImproperlyConfigured("PUBLIC_POSITION_SECRET must differ from SECRET_KEY.")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [env_required("ALLOWED_HOSTS")]
    env_required("DATABASE_URL")
elif PORTAIL_ENV == "test":
    SECRET_KEY = env_str("SECRET_KEY", "test-only-not-secret-" + "t" * 40)
    PUBLIC_POSITION_SECRET = env_str("PUBLIC_POSITION_SECRET", "test-only-position-secret")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
else:
    SECRET_KEY = env_str("SECRET_KEY") or generated_secret(BASE_DIR / "var" / "secret_key")
    PUBLIC_POSITION_SECRET = env_str("PUBLIC_POSITION_SECRET") or generated_secret(
        BASE_DIR / "var" / "position_secret"
    )
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# How many reverse proxies we run in front of the app servers: the client's address is the one the
# outermost of them wrote in X-Forwarded-For (portail/core/client_ip.py); 0 trusts no such header.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or more.")

# The cache every process shares: allauth's rate limits count in it, so with several processes (or servers)
# it must be one Redis for all; production refuses to start without it. The demo and the tests keep a
# cache in each process's memory unless CACHE_URL names a Redis.
CACHE_URL = env_required("CACHE_URL") if PRODUCTION else env_str("CACHE_URL")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"CACHE_URL must be a redis://, rediss:// or unix:// URL; got {CACHE_URL!r}."
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "portail",
            # A Redis that does not answer fails the request (and the health check) in seconds, not minutes.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if PRODUCTION:
    # Sessions read from the shared cache, written through to the database: a Redis restart signs no one out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

INSTALLED_APPS = [
    "portail.core",
    "portail.accounts",
    "portail.registry",
    "portail.directory",
    "portail.profiles",
    "portail.families",
    "portail.waitlist",
    "portail.admissions",
    "portail.agreements",
    "portail.attendance",
    "portail.demo",
    "portail.onboarding",
    "portail.messaging",
    "portail.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
    "django_htmx",
    "django_tasks",
    "portail.core.task_queue.TasksDatabaseConfig",  # django_tasks_db, its name translated
    "simple_history",
    "csp",
    "oauth2_provider",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
]

MIDDLEWARE = [
    # First, so that it sees the answer last, cookies included (portail/core/middleware.py).
    "portail.core.middleware.PublicCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portail.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "portail.core.middleware.PrivatePagesMiddleware",
    "portail.core.db_router.ReadYourWritesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lock-out into its response.
    "axes.middleware.AxesMiddleware",
]

FORM_RENDERER = "portail.core.forms.PortalFormRenderer"
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portail.core.context_processors.portal",
                "portail.messaging.context_processors.unread",
            ],
            # Django's |date filter, with the French « 1er » of a month's first day.
            "builtins": ["portail.core.templatetags.dates"],
        },
    },
    {
        # The public map's hot templates only (portail/directory/jinja.py): the list of a search's services.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "portail" / "directory" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "portail.directory.jinja.environment"},
    },
]

# Database: a local SQLite file in WAL mode unless DATABASE_URL names another one (postgres://…).
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    try:
        DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is malformed: {error}") from None
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The portal's queries are small and many: a parallel plan's workers cost more to start than
        # they save (docs/benchmarks.md), and on two cores they starve the other requests.
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c max_parallel_workers_per_gather=0"
        # Each process's connections: persistent (CONN_MAX_AGE, the default: one per process, kept a minute)
        # or Django's pool of DATABASE_POOL_SIZE connections per process, for threaded or ASGI servers
        # (docs/deployment.md, « Database connections »).
        DATABASE_POOL_SIZE = env_int("DATABASE_POOL_SIZE", 0)
        if DATABASE_POOL_SIZE < 0:
            raise ImproperlyConfigured("DATABASE_POOL_SIZE must be 0 (no pool) or more.")
        if DATABASE_POOL_SIZE:
            DATABASES["default"]["CONN_MAX_AGE"] = 0
            DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
            DATABASES["default"]["OPTIONS"]["pool"] = {
                "min_size": 1,
                "max_size": DATABASE_POOL_SIZE,
                "timeout": 10,
            }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "var" / "portail.sqlite3")),
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
# A read replica of the primary for the public map's reads (portail/core/db_router.py, docs/deployment.md).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    try:
        DATABASES["replica"] = dj_database_url.parse(
            DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True
        )
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_REPLICA_URL is malformed: {error}") from None
    DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    for setting in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
        DATABASES["replica"][setting] = DATABASES["default"][setting]
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["portail.core.db_router.PublicReadRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The map's covering index includes the provider's id on PostgreSQL; SQLite's indexes carry it already,
# so Django's warning that SQLite ignores INCLUDE says nothing to act on.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"

# django-allauth: the e-mail is the identifier; verification is mandatory in production.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env_str("ACCOUNT_EMAIL_VERIFICATION", "mandatory" if PRODUCTION else "none")
if PRODUCTION and ACCOUNT_EMAIL_VERIFICATION != "mandatory":
    # Without it, whoever knows an unjoined provider's e-mail signs up with it and becomes that provider.
    raise ImproperlyConfigured("ACCOUNT_EMAIL_VERIFICATION must be mandatory in production.")
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "10/h/ip",
    "reset_password": "5/h/ip,3/h/key",
    "reset_password_from_key": "20/m/ip",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Portail garde] "
ACCOUNT_ADAPTER = "portail.accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_LOGIN_ON_GET = False


def _oidc_app(prefix: str, provider_id: str, name: str) -> dict[str, object] | None:
    """An OpenID Connect provider declared by <prefix>_SERVER_URL, _CLIENT_ID and _SECRET, if set."""
    server_url = env_str(f"{prefix}_SERVER_URL")
    if not server_url:
        return None
    return {
        "provider_id": provider_id,
        "name": name,
        "client_id": env_required(f"{prefix}_CLIENT_ID"),
        "secret": env_required(f"{prefix}_SECRET"),
        "settings": {"server_url": server_url, "token_auth_method": "client_secret_basic"},
    }


OIDC_PREFIXES = ("OIDC_CITIZEN", "OIDC_BUSINESS")
# The government logins, each an OpenID Connect provider: the citizen login (SAG) for parents and
# providers, the business login (clicSÉQUR Entreprises) for offices.
OIDC_APPS = [
    app
    for app in (
        _oidc_app(OIDC_PREFIXES[0], "sag", "Service d'authentification gouvernementale"),
        _oidc_app(OIDC_PREFIXES[1], "clicsequr", "clicSÉQUR Entreprises"),
    )
    if app
]
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": OIDC_APPS, "OAUTH_PKCE_ENABLED": True}}

# django-axes guards the staff sign-in of the Django admin; allauth's rate limits guard the portal's.
AXES_ONLY_ADMIN_SITE = True
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Axes counts only the admin's sign-in (portail/core/admin_lockout.py), by the same client address as allauth.
AXES_HANDLER = "portail.core.admin_lockout.AdminOnlyAxesHandler"
AXES_CLIENT_IP_CALLABLE = "portail.core.client_ip.client_ip"

LANGUAGE_CODE = "fr-ca"
# Québec's « 13 h 06 » and « 1er décembre » (Django's fr_CA prints « 13 01 » for 13:01).
FORMAT_MODULE_PATH = ["portail.core.formats"]
LANGUAGES = [("fr-ca", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "assets"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "portail.core.static_files.StaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION

# E-mail: printed on the console in the demo, SMTP in production.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Portail garde <ne-pas-repondre@portail-garde.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: django-tasks with its database backend; tests run tasks at once.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# The portal's public address, for links in e-mails.
PORTAL_URL = (
    env_required("PORTAL_URL")
    if PRODUCTION
    else env_str("PORTAL_URL", f"http://127.0.0.1:{env_str('PORT', '8000')}")
).rstrip("/")

# The look: the government header and signature appear only on the government's own deployment.
GOVERNMENT_DEPLOYMENT = env_bool("GOVERNMENT_DEPLOYMENT", False)
PORTAL_NAME = env_str("PORTAL_NAME", "Portail garde")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # The load balancer probes each app server directly, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # A refusal (403) is an everyday answer, not an incident: one INFO line, no traceback.
    "filters": {"refusals": {"()": "portail.core.logging.RefusalsAtInfo"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "django.request": {"filters": ["refusals"]},
    },
}

# The public map: the geocoder behind its search box, and an optional tile server (empty: Québec's outline
# only). A tile server sees where visitors look: name it in the deployment's privacy notice.
GEOCODER = env_str("GEOCODER", "portail.directory.geocoding.PlacesFileGeocoder")
MAP_TILE_URL = env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "")

# A strict Content-Security-Policy (django-csp): scripts, styles and fonts from the portal itself only, no
# inline code; images may also come from the tile server when one is set. htmx is told not to inject its
# indicator's <style> (base.html's htmx-config); Leaflet sets element styles through the CSSOM, which CSP
# allows.
# A form's redirect counts as its action: the sign-in's buttons post to allauth, which sends the browser on
# to a government login.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([url_origin(MAP_TILE_URL)] if MAP_TILE_URL else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [
            SELF,
            *(url_origin(url) for prefix in OIDC_PREFIXES if (url := env_str(f"{prefix}_SERVER_URL"))),
        ],
    }
}

# The public map: how many days before its planned return a suspended provider may appear when its office
# allows it (PUBLIC_POSITION_SECRET is with the other secrets, above).
EARLY_DISPLAY_DAYS = env_int("EARLY_DISPLAY_DAYS", 30)
# Each process keeps the map's services in memory (portail/directory/index.py): built again when a change is
# committed, on a new day, and at least every MAP_INDEX_MAX_AGE seconds (for changes that send no signal).
MAP_INDEX_MAX_AGE = env_int("MAP_INDEX_MAX_AGE", 30)
# ... but not more often than every MAP_INDEX_MIN_GAP seconds, however many changes are committed: a stream of
# writes (admissions all day long) must not keep every worker building (a build costs about half a second).
MAP_INDEX_MIN_GAP = env_int("MAP_INDEX_MIN_GAP", 5)
# How often a process reads the map's generation from the shared cache (seconds): not once per search.
MAP_INDEX_POLL = env_int("MAP_INDEX_POLL", 1)
# A stale index answers while a thread builds the next one, but for a new day or this process's own write.
MAP_INDEX_BUILD_IN_BACKGROUND = env_bool("MAP_INDEX_BUILD_IN_BACKGROUND", True)
# How long the access log of children's files is kept (Law 25: long enough to answer a parent, no longer).
ACCESS_LOG_RETENTION_DAYS = env_int("ACCESS_LOG_RETENTION_DAYS", 730)
# Messaging's attachments: a private folder, never under MEDIA or STATIC URLs (served by a view that checks
# who asks); messages and attachments are removed after MESSAGING_RETENTION_DAYS (purge_messages).
MESSAGING_STORAGE_ROOT = env_str("MESSAGING_STORAGE_ROOT", str(BASE_DIR / "var" / "attachments"))
MESSAGING_RETENTION_DAYS = env_int("MESSAGING_RETENTION_DAYS", 2555)

# The API for the offices' management software (portail/api, docs/api.md): OAuth 2 client credentials,
# tokens of one hour, secrets hashed at rest; a rotated secret stays valid API_SECRET_GRACE_HOURS.
OAUTH2_PROVIDER = {
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "SCOPES_BACKEND_CLASS": "portail.api.scopes.ClientScopes",
    "OAUTH2_VALIDATOR_CLASS": "portail.api.oauth.ClientValidator",
    # Only the client-credentials grant is used: adopt RFC 9700's behaviour everywhere (tokens stored
    # hashed, none accepted in a query string, no implicit or password grant, https redirects only).
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}
# django-oauth-toolkit's own models (its migrations name them through these settings).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
OAUTH2_PROVIDER_ACCESS_TOKEN_MODEL = "oauth2_provider.AccessToken"  # noqa: S105 (a model, not a secret)
OAUTH2_PROVIDER_REFRESH_TOKEN_MODEL = "oauth2_provider.RefreshToken"  # noqa: S105 (a model, not a secret)
OAUTH2_PROVIDER_ID_TOKEN_MODEL = "oauth2_provider.IDToken"  # noqa: S105 (a model, not a secret)
OAUTH2_PROVIDER_GRANT_MODEL = "oauth2_provider.Grant"
OAUTH2_PROVIDER_DEVICE_GRANT_MODEL = "oauth2_provider.DeviceGrant"
API_SECRET_GRACE_HOURS = env_int("API_SECRET_GRACE_HOURS", 24)
# Calls a minute per client (a 429 with Retry-After beyond), and the largest body a call may send.
API_RATE_PER_MINUTE = env_int("API_RATE_PER_MINUTE", 600)
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 1_000_000)
# How long the first answer to an Idempotency-Key is kept for its retries (purged by the daily jobs).
API_IDEMPOTENCY_HOURS = env_int("API_IDEMPOTENCY_HOURS", 24)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["portail.api.authentication.ClientTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["portail.api.permissions.HasScope"],
    "DEFAULT_THROTTLE_CLASSES": ["portail.api.throttling.ClientRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "portail.api.schema.ApiAutoSchema",
    "EXCEPTION_HANDLER": "portail.api.problems.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Portail garde — API des logiciels de gestion",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "RecognitionStatusEnum": "portail.registry.models.RecognitionStatus",
        "AdmissionStatusEnum": "portail.admissions.models.Status",
        "AgreementStatusEnum": "portail.agreements.models.Status",
        "EndReasonEnum": "portail.agreements.models.EndReason",
        "SheetStatusEnum": "portail.attendance.models.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portail.api.schema.add_problems",
    ],
}
# Attendance: the first day of the fixed calendar of 4-week periods (13 make a cycle of 364 days; the
# calendar runs both ways from it). Not published as a rule: Monday 1 September 2025 unless set.
ATTENDANCE_PERIOD_START = env_str("ATTENDANCE_PERIOD_START", "2025-09-01")

if PORTAIL_ENV == "test":
    # The router's choices are tested on a real second alias: a test mirror of the primary (the same
    # database through its own connection), unless DATABASE_REPLICA_URL names one. On SQLite the test
    # database is then a file of its own, in WAL mode: a second connection to an in-memory database would
    # lock the tables the test's transaction writes; and the replica, read only, takes no write lock when
    # a test opens its transaction.
    if "replica" not in DATABASES:
        DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
        if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
            DATABASES["replica"]["OPTIONS"] = {
                **DATABASES["default"]["OPTIONS"],
                "transaction_mode": "DEFERRED",
            }
            DATABASES["default"]["TEST"] = {
                "NAME": str(Path(tempfile.gettempdir()) / f"portail-test-{os.getpid()}.sqlite3")
            }
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Each test's change is seen by its next search (tests/directory/test_index.py sets these back).
    MAP_INDEX_MIN_GAP = 0
    MAP_INDEX_POLL = 0
    MAP_INDEX_BUILD_IN_BACKGROUND = False
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    MESSAGING_STORAGE_ROOT = env_str(
        "MESSAGING_STORAGE_ROOT", str(Path(tempfile.gettempdir()) / "portail-test-attachments")
    )
