"""Settings, read from the environment.

Every variable is optional: when it is absent the embedded default is used
(SQLite under var/, the in-memory channel layer, a local-memory cache, the
database search backend, tasks run immediately). Setting INTRANET_ENV=production
turns on the checks a real deployment needs.
"""

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from core import env
from core import env_values as value
from intranet.ops import production_config
from intranet.ops.logging_config import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.text("INTRANET_VAR_DIR", str(BASE_DIR / "var"), value.absolute_path))

PRODUCTION = env.text("INTRANET_ENV", "development", value.one_of("development", "production")) == "production"
DEBUG = env.boolean("DEBUG", False)
if PRODUCTION:
    # What a deployment needs, reported first; start-up stops at the end of this file if anything
    # (this or a malformed value of any variable) was reported, one line each (env.refuse_bad_configuration).
    production_config.report_bad_production(os.environ)
SECRET_KEY = env.secret_key(PRODUCTION, VAR_DIR)
env.refuse_unsafe_production(PRODUCTION, DEBUG)

ALLOWED_HOSTS = env.listing("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]", value.host)
CSRF_TRUSTED_ORIGINS = env.listing("CSRF_TRUSTED_ORIGINS", "", value.origin)
SITE_ID = 1

INSTALLED_APPS = [
    # Local apps first so their templates override the libraries' ones.
    "intranet",
    "core",
    "files",
    "frontend",
    "people",
    "groups",
    "feed",
    "handover",
    "messaging",
    "search",
    "notifications",
    "scheduler",
    "daphne",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.sites",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    # First: every later middleware's log lines carry the request id (intranet/ops/request_id.py).
    "intranet.ops.request_id.RequestIdMiddleware",
    "intranet.ops.metrics_middleware.RequestMetricsMiddleware",
    # Facts a page needs several times (the viewer's memberships), read once per reading request.
    "core.request_memo.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # An intranet: every page needs a login unless a view says otherwise.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "intranet.urls"
ASGI_APPLICATION = "intranet.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "frontend" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "intranet.context_processors.navigation",
            ],
        },
    },
]

# --- Data -----------------------------------------------------------------
DATABASES = {"default": env.database(VAR_DIR)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"

REDIS_URL = env.text(
    "REDIS_URL", "", value.url(("redis", "rediss", "unix"), "redis://:password@redis.example.fi:6379/0")
)
CHANNEL_LAYERS = {"default": env.channel_layer(REDIS_URL)}
CACHES = {"default": env.cache(REDIS_URL)}

# --- Search ---------------------------------------------------------------
ELASTICSEARCH_URL = env.text(
    "ELASTICSEARCH_URL", "", value.url(("http", "https"), "https://intranet:password@search.example.fi:9200")
)
SEARCH_BACKEND = env.text(
    "SEARCH_BACKEND", "elasticsearch" if ELASTICSEARCH_URL else "database", value.one_of("elasticsearch", "database")
)
SEARCH_INDEX_PREFIX = env.text("SEARCH_INDEX_PREFIX", "intranet", value.index_prefix)
# Finnish base forms and compound parts through Voikko, when its library and dictionary are installed.
SEARCH_VOIKKO = env.boolean("SEARCH_VOIKKO", True)
ELASTICSEARCH_OPTIONS = {
    "request_timeout": env.number("ELASTICSEARCH_TIMEOUT", 10, minimum=1, maximum=300),
    "verify_certs": env.boolean("ELASTICSEARCH_VERIFY_CERTS", True),
    "ca_certs": env.text("ELASTICSEARCH_CA_CERTS", "", value.absolute_path) or None,
}
# Wagtail's own page search stays on the database: its Elasticsearch backend
# needs analysis modules that a core-only node lacks (see docs/decisions.md).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# --- Background work ------------------------------------------------------
TASKS = {"default": env.tasks_backend()}

# --- Accounts -------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/accounts/login/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# An address counts only when proven (groups/addresses.py): the invitation link proves a guest's,
# the directory a colleague's; any other needs allauth's confirmation link before it is used, and a
# changed address replaces the old one only once confirmed.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_FORMS = {
    "login": "groups.account_forms.PrefilledLoginForm",
    "reset_password": "groups.account_forms.ProvenAddressResetPasswordForm",
}
ACCOUNT_ADAPTER = "groups.account_adapter.InvitationOnlyAccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "groups.forms.GuestSignupForm"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
SOCIALACCOUNT_PROVIDERS = env.oidc_providers()
SOCIALACCOUNT_ONLY = False
# A colleague's first single sign-on finds their directory account by an address both the provider and
# the account have proven (groups/social_adapter.py); it never signs anyone up.
SOCIALACCOUNT_ADAPTER = "groups.social_adapter.DirectorySocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
WAGTAILADMIN_LOGIN_URL = "account_login"
# Passwords and addresses change only through allauth (verification, rate limits, one audit path).
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# No hash of anyone's address goes to Gravatar: the admin shows initials/default avatars.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor do admin pages ask wagtail.io for new releases (the admin's script would fetch them).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = env.text("LANGUAGE_CODE", "fi", value.one_of(*value.LANGUAGES))
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "intranet" / "locale"]
TIME_ZONE = env.text("TIME_ZONE", "Europe/Helsinki", value.time_zone)
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.text("MEDIA_ROOT", str(VAR_DIR / "media"), value.absolute_path))
# Post attachments live outside MEDIA_ROOT: they are served only through a view that checks who may read the post.
PRIVATE_MEDIA_ROOT = Path(env.text("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private"), value.absolute_path))
ATTACHMENT_MAX_BYTES = env.number("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024, maximum=1024**3)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "frontend.storage.ModuleAwareStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production, serve straight from the apps so no collectstatic is needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The service's address and name in emails and links (the Sites framework's site, set at migrate).
BASE_URL = env.text("BASE_URL", "http://127.0.0.1:8000", value.url(("https", "http"), "https://intranet.example.fi"))
SITE_NAME = env.text("SITE_NAME", "Intranet")
WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = BASE_URL

# --- Email ----------------------------------------------------------------
EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT = env.email()
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "intranet@localhost", value.email_address)

# --- Security -------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
# Plain HTTP that got past the proxy is redirected; health checks and metric scrapers talk to each
# daphne directly, in plain HTTP.
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz(/|$)", r"^metrics$"]
# HSTS comes from the TLS proxy, on every response including its own (docs/deploy.md, "check --deploy").
SILENCED_SYSTEM_CHECKS = ["security.W004"] if PRODUCTION else []
_CSP_DIRECTIVES = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# The Wagtail admin does not run under a strict policy: there it only reports.
CONTENT_SECURITY_POLICY = {"EXCLUDE_URL_PREFIXES": ["/admin/"], "DIRECTIVES": _CSP_DIRECTIVES}
CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _CSP_DIRECTIVES}

# --- Real-time ------------------------------------------------------------
MESSAGING_MAX_BODY_CHARS = 4000
# The service promise: a question gets an answer within this many working days.
ANSWER_PROMISE_WORKING_DAYS = env.number("ANSWER_PROMISE_WORKING_DAYS", 1, minimum=1, maximum=30)
# `manage.py run_scheduler`: how often questions past their promise are escalated, and when the
# notification digests go out (local time, TIME_ZONE).
ESCALATION_INTERVAL_MINUTES = env.number("ESCALATION_INTERVAL_MINUTES", 10, minimum=1, maximum=1440)
DIGEST_DAILY_AT = env.text("DIGEST_DAILY_AT", "07:00", value.clock_time)
DIGEST_WEEKLY_ON = env.text("DIGEST_WEEKLY_ON", "monday", value.weekday)
DIGEST_WEEKLY_AT = env.text("DIGEST_WEEKLY_AT", "07:00", value.clock_time)

# --- Operations (docs/deploy.md) ---------------------------------------------
# Text lines, or one JSON object a line (LOG_FORMAT=json); each carries the request id.
LOGGING = logging_config(
    env.text("LOG_FORMAT", "text", value.one_of("text", "json")), env.text("LOG_LEVEL", "INFO", value.log_level)
)
# `Authorization: Bearer <token>` opens /metrics and the details of /healthz/ready; empty: /metrics is off.
METRICS_TOKEN = env.text("METRICS_TOKEN", "", value.long_token, secret=True)

# Last: every problem reported above, one line each, and start-up stops (no traceback).
env.refuse_bad_configuration()
