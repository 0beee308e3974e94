"""expertdesk settings: one module, configured by environment variables.

The embedded default (no variables set) is a laptop: SQLite in WAL mode, the django-q2 ORM
broker, mail written to ``var/mail``. ``EXPERTDESK_PRODUCTION=1`` switches on the production
profile (secure cookies, HSTS, required two-factor for staff) and then demands a real
``SECRET_KEY``, ``ALLOWED_HOSTS``, ``EMAIL_HOST`` and ``SITE_URL``. README.md lists every variable.
One module on purpose, whatever its length: every setting is found in one place (STYLE §9).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from expertdesk.env import env_bool, env_int, env_list, env_site_url, env_str
from expertdesk.taskqueue import build_q_cluster

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("EXPERTDESK_VAR_DIR", str(BASE_DIR / "var")))

PRODUCTION = env_bool("EXPERTDESK_PRODUCTION", False)
DEBUG = env_bool("DEBUG", not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG=1 is refused together with EXPERTDESK_PRODUCTION=1.")

_DEV_SECRET = "dev-only-insecure-secret-key-expertdesk-not-for-production-use-0123456789"
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and (len(SECRET_KEY) < 50 or SECRET_KEY == _DEV_SECRET):
    raise ImproperlyConfigured("SECRET_KEY must be set to a random value of 50+ characters.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the public host name(s).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # full-text search on PostgreSQL; harmless on SQLite
    # third party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
    "csp",
    "django_htmx",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # before django_q: its `qcluster` command (a cluster that stops in time) takes django-q2's place
    "expertdesk",
    "django_q",
    # ours; dependencies point up this list: reports -> meetings, cofinancing -> requests_app ->
    # experts -> organisations -> accounts; mail is used by all and uses none of them
    # (docs/architecture.md)
    "accounts",
    "mail",
    "organisations",
    "experts",
    "requests_app",
    "meetings",
    "cofinancing",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Dutch first: after authentication, because a signed-in person's own choice counts
    "expertdesk.middleware.DutchFirstLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # after messages: it tells the person why they have to sign in again
    "expertdesk.middleware.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "expertdesk.middleware.RequireTwoFactorMiddleware",
    "expertdesk.middleware.NoStoreForAuthenticatedMiddleware",
    # axes last: it turns a lockout raised during authentication into its response
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "expertdesk.urls"
WSGI_APPLICATION = "expertdesk.wsgi.application"
ASGI_APPLICATION = "expertdesk.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "expertdesk" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "expertdesk.context_processors.site",
            ],
        },
    },
]

# --- database ---------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'expertdesk.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not usable: {exc}") from None
if _db["ENGINE"] not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must be a sqlite:// or postgres:// URL.")
if not _db.get("NAME"):
    raise ImproperlyConfigured("DATABASE_URL names no database (the path after the host).")
if _db["ENGINE"] == "django.db.backends.sqlite3":
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)  # fresh checkout: no var/ yet
    _db["OPTIONS"] = {
        # WAL lets the web process read while the worker writes; the busy timeout waits for a
        # lock instead of failing; IMMEDIATE takes the write lock at BEGIN so two writers queue
        # instead of deadlocking on lock upgrade ("database is locked").
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    # A file, not memory: the worker process in tests must see the test database. One per
    # test process, so parallel runs never share (and delete) each other's database.
    _db["TEST"] = {"NAME": str(VAR_DIR / f"test-expertdesk-{os.getpid()}.sqlite3")}
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db.setdefault("OPTIONS", {})
    # One test database per test process, so parallel runs on one server never collide.
    _db["TEST"] = {"NAME": f"test_{_db['NAME']}_{os.getpid()}"}
# Connections are kept between requests on SQLite too: a new one registers Django's SQL
# functions and starts with an empty page cache, a third of a small page's time
# (bench_requests). The health check replaces one that broke while it waited.
_db["CONN_HEALTH_CHECKS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache and task queue ---------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("REDIS_URL must be a redis://, rediss:// or unix:// URL.")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # Shared by web and worker (login throttling, the worker heartbeat that /healthz reads).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "expertdesk_cache",
        }
    }
# Per process, for what is exact without sharing: list counts kept under the list version
# that every recorded change moves on (requests_app.selectors.ListRows).
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "expertdesk-local",
    "TIMEOUT": 300,
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

Q_CLUSTER = build_q_cluster(
    name=env_str("Q_CLUSTER_NAME", "expertdesk"),
    redis_url=REDIS_URL,
    workers=env_int("Q_WORKERS", 2, minimum=1),
    timeout=env_int("Q_TIMEOUT", 120, minimum=1),
    retry=env_int("Q_RETRY", 180, minimum=1),
    max_attempts=env_int("Q_MAX_ATTEMPTS", 5),  # validated with the reason 0 is refused
    sync=env_bool("Q_SYNC", False),
)

# --- accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # axes first: it refuses a locked (account, address) pair before any password check
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    # NIST 800-63B / ASVS 2.1: length and a list of breached/common passwords, no composition rules
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "requests:home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = False  # the idle timeout applies to everyone
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[expertdesk] "
ACCOUNT_RATE_LIMITS = {
    # Failed logins are throttled per (account, address) by django-axes below; allauth's own
    # per-account limit would let anyone lock a colleague out from anywhere.
    "login_failed": None,
    # A whole office logs in behind one address at nine o'clock.
    "login": "120/m/ip",
}
# How many proxies of ours put an address in X-Forwarded-For; read by allauth and, through
# accounts.throttle.client_ip, by axes.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "expertdesk"
# Coordinators and admins must have a second factor before they can work.
EXPERTDESK_REQUIRE_2FA_FOR_STAFF = env_bool("EXPERTDESK_REQUIRE_2FA_FOR_STAFF", PRODUCTION)

SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never link accounts on an unverified e-mail claim
SOCIALACCOUNT_PROVIDERS: dict = {}
OIDC_SERVER_URL = env_str("OIDC_SERVER_URL", "")
if OIDC_SERVER_URL:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = {
        "APPS": [
            {
                "provider_id": "rvo",
                "name": env_str("OIDC_NAME", "RVO"),
                "client_id": env_str("OIDC_CLIENT_ID"),
                "secret": env_str("OIDC_CLIENT_SECRET"),
                "settings": {"server_url": OIDC_SERVER_URL},
            }
        ],
        "OAUTH_PKCE_ENABLED": True,
    }

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=5)
# One account from one address: colleagues behind the same office address keep working.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.throttle.login_identifier"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
# Without this, axes (no django-ipware installed) sees REMOTE_ADDR: behind the load balancer
# that is the balancer's address, and 5 failures would lock the account for everyone.
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_ip"
AXES_VERBOSE = False

# --- sessions and security headers (ASVS level 2 / BIO) ---------------------------------------
SESSION_COOKIE_AGE = 30 * 60  # idle timeout: refreshed on every request
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_MAX_AGE = 12 * 60 * 60  # enforced by expertdesk.middleware
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the load balancer probes over plain HTTP

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    },
}

ADMIN_URL = env_str("ADMIN_URL", "admin/").strip("/") + "/"

# --- mail -------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "expertdesk <expertdesk@rvo.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")
elif PRODUCTION:
    raise ImproperlyConfigured("EMAIL_HOST must name the SMTP relay in production.")
else:
    # Each mail becomes a file you can open, invitations included.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")

# Calendar apps mail their answers (iTIP REPLY) to the sending address; expertdesk reads that
# mailbox over IMAP (meetings.replies). Without IMAP_HOST only the links in the mail answer.
IMAP_HOST = env_str("IMAP_HOST", "")
IMAP_SSL = env_bool("IMAP_SSL", True)
IMAP_PORT = env_int("IMAP_PORT", 993 if IMAP_SSL else 143, minimum=1)
IMAP_USER = env_str("IMAP_USER", "")
IMAP_PASSWORD = env_str("IMAP_PASSWORD", "")
IMAP_FOLDER = env_str("IMAP_FOLDER", "INBOX")
IMAP_DONE_FOLDER = env_str("IMAP_DONE_FOLDER", "expertdesk-verwerkt")
if IMAP_HOST and not IMAP_USER:
    raise ImproperlyConfigured("IMAP_USER must be set when IMAP_HOST is.")

# --- i18n -------------------------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
# Ours first (it wins), then formal Dutch for allauth's own texts, which makemessages cannot see.
# Last: Django's own Dutch where ours differs (the abbreviated months of our date formats).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_allauth", BASE_DIR / "locale_django"]
# One date style per context in both languages ("5 dec. 2026"); see expertdesk/formats/.
FORMAT_MODULE_PATH = ["expertdesk.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- static files -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# Installed by `npm ci` from package-lock.json; never copied into the repository.
STATICFILES_DIRS = [
    ("vendor/nl-rvo", NODE_MODULES / "@nl-rvo"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "media")},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- API --------------------------------------------------------------------------------------
# An API token unused for this many days stops working (accounts.models.ApiToken).
API_TOKEN_IDLE_DAYS = env_int("API_TOKEN_IDLE_DAYS", 30, minimum=1)
REST_FRAMEWORK = {
    # Token first: an API client without valid credentials gets 401 with a challenge.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "requests_app.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # A list offers only the filters it names itself: the schema documents no parameter that
    # does nothing (a search without search_fields, an ordering by every serializer field).
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api_pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Adds the error answers every operation can give (core/api_schema.py).
    "DEFAULT_SCHEMA_CLASS": "core.api_schema.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "expertdesk API",
    "DESCRIPTION": "Advice requests to the expert teams Woningbouw and Weer Thuis.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Accessibility: a deep link inside each operation's toggle button nests interactive
    # controls, and the highlighter's colours fail contrast on its dark code blocks.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "syntaxHighlight": False},
    # A text that refuses a blank says so: minLength 1.
    "ENFORCE_NON_BLANK_FIELDS": True,
    # Desired and delivered results are one choice set: one enum in the schema, not two.
    # Requests and assignments both have a "status" and "actions": one name per choice set.
    "ENUM_NAME_OVERRIDES": {
        "DesiredResultEnum": "requests_app.enums.DesiredResult",
        "StatusEnum": "requests_app.enums.Status",
        "ActionsEnum": "requests_app.enums.Action",
        "AssignmentStatusEnum": "requests_app.models.Assignment.Status",
        "AssignmentActionEnum": "requests_app.api.serializers_triage.AssignmentAction",
        "OrganisationKindEnum": "organisations.models.Organisation.Kind",
        "MeetingKindEnum": "meetings.models.Meeting.Kind",
        "MeetingStatusEnum": "meetings.models.Meeting.Status",
        "AttendeeKindEnum": "meetings.models.Attendee.Kind",
        "AttendeeAnswerEnum": "meetings.models.Attendee.Answer",
        "FeedScopeEnum": "meetings.models.FeedToken.Scope",
    },
}

# --- logging ----------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Calendar feed addresses carry their secret token; it never reaches a log line.
    "filters": {"hide_feed_tokens": {"()": "meetings.logging.HideFeedTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["hide_feed_tokens"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # "Enqueued …" for every task is noise in a terminal running web and worker together.
    "loggers": {
        "axes": {"level": "WARNING"},
        "django-q": {"level": "WARNING"},
        # These two write request paths; through our console handler, so the filter applies.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# --- worker heartbeat (/healthz) --------------------------------------------------------------
HEALTHZ_REQUIRE_WORKER = env_bool("HEALTHZ_REQUIRE_WORKER", True)

# --- links in mail ----------------------------------------------------------------------------
# Absolute base URL for links in e-mails (mail has no request to build them from); required in
# production, where the default would send every recipient to 127.0.0.1.
SITE_URL = env_site_url("SITE_URL", None if PRODUCTION else "http://127.0.0.1:8000")
# Attachments filed with requests.
EXPERTDESK_ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 10, minimum=1) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# --- matching experts to requests (requests_app.matching) --------------------------------------
# Score = 100 x (coverage x w + free capacity share x w + continuity x w); the weights sum to 1.
EXPERTDESK_MATCH_WEIGHTS = {"coverage": 0.6, "capacity": 0.25, "continuity": 0.15}
# A default assignment: its hours spread over the request's period (or this many weeks).
EXPERTDESK_DEFAULT_ASSIGNMENT_HOURS = 40
EXPERTDESK_DEFAULT_PERIOD_WEEKS = 12

# --- satisfaction survey and retention (reports, requests_app.anonymise) -------------------------
# A completed request whose survey is not answered closes this many days after completion; the
# survey's link expires at the same moment.
EXPERTDESK_SATISFACTION_CLOSE_DAYS = env_int("EXPERTDESK_SATISFACTION_CLOSE_DAYS", 30, minimum=1)
# Personal data of requests closed (or declined, withdrawn) longer ago than this is removed by
# `manage.py anonymise_requests`; the figures reports count stay. Seven years: the fiscal
# retention of the co-financing records the requests belong with.
EXPERTDESK_RETENTION_YEARS = env_int("EXPERTDESK_RETENTION_YEARS", 7, minimum=1)
