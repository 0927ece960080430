"""Settings for the HTTP status code reference, read from the environment (see README)."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(env.str("DJANGO_ENV_FILE", default=str(BASE_DIR / ".env")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)

if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-development-key-only-for-debug")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    try:
        SECRET_KEY = env.str("DJANGO_SECRET_KEY")
        ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(
            f"{error}. With DJANGO_DEBUG off the site needs DJANGO_SECRET_KEY and "
            "DJANGO_ALLOWED_HOSTS from the environment or .env; for local work, any make target "
            "(make run, make test, make install) writes a .env with both."
        ) from None

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "statuses",
]

MIDDLEWARE = [
    # The security headers first, so that every answer carries them: static files and the 400
    # for a NUL or a bad Host too, which the middleware after them answer.
    "django.middleware.security.SecurityMiddleware",
    "statuses.http.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "statuses.http.middleware.StaticFilesMiddleware",
    "statuses.http.middleware.RejectNullCharactersMiddleware",
    "statuses.caching.policy.CachePolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records the logged-in editor on every history entry, inline saves included.
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "statuses.context_processors.language_alternates",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Saves wait their turn: a write transaction takes SQLite's lock when it begins (not halfway,
    # where a busy lock cannot be waited for) and waits up to 20 s for it, never "database is
    # locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The default cache holds the content version that says which cached pages are current, so
# every process must share it: the app server's workers, manage.py load_content, the admin. The
# default, a file cache in the project folder, is shared by every process on one machine with
# no variable set; several machines need Redis. The rendered pages stay in each process.
CACHES = {
    "default": env.cache("CACHE_URL", default=f"filecache://{BASE_DIR / '.cache' / 'shared'}"),
    "pages": {
        "BACKEND": "statuses.caching.memory.BoundedMemoryCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_BYTES": env.int("DJANGO_PAGE_CACHE_MIB", default=16) * 2**20},
    },
}
# An unreachable Redis must fail fast, so that pages are served uncached instead of waiting.
if CACHES["default"]["BACKEND"].endswith("RedisCache"):
    CACHES["default"].setdefault("OPTIONS", {})
    CACHES["default"]["OPTIONS"].setdefault("socket_connect_timeout", 1)
    CACHES["default"]["OPTIONS"].setdefault("socket_timeout", 1)

# HTTP caches in front (Varnish, a CDN), purged by tag after every content change
# (statuses/caching/purge.py): "PURGE http://varnish:6081/" or "POST https://api.fastly.com/service/<id>/
# purge", and the header fields those requests need ("Fastly-Key: <token>").
PURGE_URLS = env.list("DJANGO_PURGE_URLS", default=[])
PURGE_HEADERS = env.list("DJANGO_PURGE_HEADERS", default=[])

# django-axes counts failed admin logins; its backend must come first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one user name from one address lock that pair out for an hour.
# Locking the pair, not the user name alone, keeps a stranger from locking editors out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind proxies every request comes from the nearest proxy's address: the client's is the one
# the outermost trusted proxy appended to X-Forwarded-For. Read only when the environment says
# how many proxies are in front (anyone can send that header).
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "statuses.http.client_address.client_ip"
# The admin's own look, in the active language, with Retry-After.
AXES_LOCKOUT_CALLABLE = "statuses.admin.lockout.lockout_response"

# A login whose ?next= is refused (another site) lands on the admin: there are no other pages
# behind a login (Django's default, /accounts/profile/, does not exist here).
LOGIN_REDIRECT_URL = "admin:index"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

# The site's own address, for every absolute link (canonical, hreflang, Open Graph, sitemap,
# try-it Location), so that no request header can change it. By default where make run and
# make serve listen.
SITE_URL = env.str(
    "DJANGO_SITE_URL",
    default=f"http://{env.str('HOST', default='127.0.0.1')}:{env.int('PORT', default=8000)}",
).removesuffix("/")
_site = urlsplit(SITE_URL)
if _site.scheme not in ("http", "https") or not _site.hostname or _site.path or _site.query:
    raise ImproperlyConfigured(
        "DJANGO_SITE_URL must be an origin such as https://example.com: http or https, a host, "
        "an optional port, no path."
    )

# The HTTPS redirect goes to the canonical host too, not to the one the request named.
SECURE_SSL_HOST = _site.netloc if _site.scheme == "https" else None

ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="admin/")
if not ADMIN_URL.endswith("/") or ADMIN_URL.startswith("/"):
    raise ImproperlyConfigured(
        "DJANGO_ADMIN_URL must look like 'admin/': no leading slash, one trailing slash."
    )

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# collectstatic writes hashed, compressed copies; the tests, which skip collectstatic, switch to
# plain storage (tests/conftest.py).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security. Behind TLS, set DJANGO_SECURE_SSL_REDIRECT and DJANGO_SECURE_HSTS_SECONDS; cookies
# then travel over HTTPS only.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env.bool("DJANGO_TRUST_X_FORWARDED_PROTO", default=False)
    else None
)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_SSL_REDIRECT or SECURE_HSTS_SECONDS > 0
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# No inline script or style anywhere, the admin included. The same shape as Django 6.0's
# SECURE_CSP setting; pages are cached whole, so the policy uses no nonces.
SECURE_CSP = {
    "default-src": ["'none'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
}

FIXTURE_DIR = BASE_DIR / "fixtures"

# Errors go to the console (runserver, Granian) whatever DEBUG says, every line stamped with the
# site's clock in the same format as Granian's own lines (statuses/http/log_format.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"site": {"()": "statuses.http.log_format.SiteClockFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "site"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django": {
            "handlers": ["console"],
            "level": env.str("DJANGO_LOG_LEVEL", default="INFO"),
            "propagate": False,
        },
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "statuses": {
            "handlers": ["console"],
            "level": env.str("DJANGO_LOG_LEVEL", default="INFO"),
            "propagate": False,
        },
    },
}
