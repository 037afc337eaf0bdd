"""Settings for bianmin, driven by environment variables (see README.md, “生产部署”)."""

import os
import sys
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_list, env_number, parse_database_url, secret_key_is_weak

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
# Under pytest the settings are imported before any conftest runs, so detect it here.
TESTING = env_bool("BIANMIN_TESTING", default="pytest" in sys.modules)

# BIANMIN_ENV=production is set by the production service (docs/deployment.md): the settings then
# refuse to start with DEBUG on, a default or weak SECRET_KEY, or no ALLOWED_HOSTS.
PRODUCTION = os.environ.get("BIANMIN_ENV", "").strip().lower() == "production"
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("生产环境(BIANMIN_ENV=production)不得开启 DEBUG:请删除 DEBUG 环境变量或设为 0。")

DEVELOPMENT_SECRET_KEY = "insecure-development-key-only-for-debug-and-tests"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not (DEBUG or TESTING):
    if not SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY 未设置:关闭 DEBUG 时必须提供 SECRET_KEY 环境变量。")
    if secret_key_is_weak(SECRET_KEY, DEVELOPMENT_SECRET_KEY):
        raise ImproperlyConfigured(
            "SECRET_KEY 是默认值或过于简单(至少 50 个字符、5 种以上不同字符):"
            "请用 python3 -c 'import secrets; print(secrets.token_urlsafe(50))' 生成。"
        )
SECRET_KEY = SECRET_KEY or DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG or TESTING else [])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("生产环境必须设置 ALLOWED_HOSTS(本系统的域名或内网地址,多个用逗号分隔)。")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "bianmin.core.apps.AuditlogConfig",
    "bianmin.core",
    "bianmin.org",
    "bianmin.workcalendar",
    "bianmin.catalogue",
    "bianmin.cases",
    "bianmin.supervision",
    "bianmin.operations",
    "bianmin.monitoring",
    "bianmin.reports",
    "bianmin.assessment",
    "bianmin.portal",
    "bianmin.privacy",
    "bianmin.adoption",
    "bianmin.guide",
    "bianmin.hallqueue",
    "bianmin.demo",
    "bianmin.api",
    "ninja",  # the API docs page (/api/v1/docs) with ninja's local Swagger UI files, no CDN
    "bianmin.loadgen",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "bianmin.core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # A temporary password (bulk-created account, admin's reset) must be changed before anything else.
    "bianmin.adoption.middleware.ForcePasswordChangeMiddleware",
    # django-axes must come last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "bianmin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bianmin.core.context_processors.navigation",
                "bianmin.portal.context_processors.kiosk",
                "bianmin.core.security.nonce",
                "bianmin.guide.context.county",
            ],
        },
    },
]
# Widgets written in Python, the same HTML as Django's widget templates at a fraction of the time
# (bianmin/core/widget_render.py).
FORM_RENDERER = "bianmin.core.widget_render.FastWidgetRenderer"

DATABASES = {
    "default": parse_database_url(os.environ.get("DATABASE_URL", "sqlite:///db.sqlite3"), BASE_DIR),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Throttles of the public forms and cached pages live in the cache. One process (runserver, tests):
# its memory. Several gunicorn workers must share one: CACHE_BACKEND=database keeps it in the
# database (run `manage.py createcachetable` once; no other service needed).
CACHE_BACKEND = os.environ.get("CACHE_BACKEND", "locmem").strip().lower()
if CACHE_BACKEND not in {"locmem", "database"}:
    raise ImproperlyConfigured("CACHE_BACKEND 只能是 locmem 或 database。")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "bianmin_cache"}
        if CACHE_BACKEND == "database"
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend reading the staff row with the user (one statement fewer on every staff page).
    "bianmin.org.auth.StaffModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

if TESTING:
    # Hashing strength is not under test; the real hashers would cost seconds per test.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Lockout after 5 failed logins for the same user name from the same address (django-axes).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
WHITENOISE_USE_FINDERS = DEBUG or TESTING
# Bootstrap, Bootstrap Icons and ECharts, copied from node_modules by `make setup` (no CDN: offline intranets).
STATICFILES_DIRS = [("vendor", BASE_DIR / "static_vendor")]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not (DEBUG or TESTING)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Personal data (ID numbers, phones) is masked in the audit log too: see bianmin/org/audit.py.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_MASK_CALLABLE = "bianmin.core.personal.mask_phone_for_audit"

# Electronic monitoring (五(一)): a case turns yellow when at most this many working days remain,
# or (if set) when this share of its limit has passed; red when overdue.
MONITORING_YELLOW_DAYS = env_number("MONITORING_YELLOW_DAYS", 1, int)
MONITORING_YELLOW_SHARE = env_number("MONITORING_YELLOW_SHARE", None)
# 好差评: working days a centre has to rectify after a bad rating (county-configurable).
RECTIFICATION_WORKING_DAYS = env_number("RECTIFICATION_WORKING_DAYS", 5, int)
# 投诉举报: working days to investigate and answer a complaint (county-configurable).
COMPLAINT_WORKING_DAYS = env_number("COMPLAINT_WORKING_DAYS", 5, int)
# 考勤 (四(一)4(4)): office hours of the centres; no sign-in by the cut-off and no approved leave
# makes a person absent without leave (旷岗) for the electronic monitoring.
WORKDAY_START = os.environ.get("WORKDAY_START", "08:30")
WORKDAY_END = os.environ.get("WORKDAY_END", "17:30")
ATTENDANCE_SIGN_IN_CUTOFF = os.environ.get("ATTENDANCE_SIGN_IN_CUTOFF", "09:30")
# 信息报送 (四(一)4(5)): the month's report is due by the REPORT_DUE_DAY of the next month, 23:59:59;
# if that day is a rest day it stays there unless REPORT_DUE_MOVES_TO_WORKING_DAY=1 (county's choice).
REPORT_DUE_DAY = env_number("REPORT_DUE_DAY", 5, int)
REPORT_DUE_MOVES_TO_WORKING_DAY = env_bool("REPORT_DUE_MOVES_TO_WORKING_DAY", default=False)
# An unsubmitted report turns yellow this many days before its deadline; months are owed from
# REPORTS_FIRST_MONTH ("2026-01"; unset: from each centre's first case).
REPORT_YELLOW_DAYS = env_number("REPORT_YELLOW_DAYS", 2, int)
REPORTS_FIRST_MONTH = os.environ.get("REPORTS_FIRST_MONTH", "")
# 人员调整报备 (四(一)1(2) 及时报备): a change reported within this many working days is on time.
STAFF_CHANGE_REPORT_WORKING_DAYS = env_number("STAFF_CHANGE_REPORT_WORKING_DAYS", 5, int)

# The electronic monitoring's e-mails (manage.py monitor): printed to the console unless an SMTP
# server is configured with EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS / EMAIL_USE_SSL).
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_number("EMAIL_PORT", 25, int)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "便民服务中心电子监察 <noreply@localhost>")
# Red lights for missing centre logs look back this many days (五(一) 每日巡查并记载中心日志).
MONITORING_LOG_LOOKBACK_DAYS = env_number("MONITORING_LOG_LOOKBACK_DAYS", 30, int)

# 标准化建设 (plan 三): "力争用2年时间完成16个乡镇(街道)便民服务中心的标准化建设" — the goal date of
# the county's programme (the plan of 2018 → end of 2020); a county adopting later sets its own.
STANDARDIZATION_GOAL_DATE = os.environ.get("STANDARDIZATION_GOAL_DATE", "2020-12-31")
# A standardized 示范型 hall whose latest published assessment total reaches this is a candidate for
# 先锋型/示范型 (plan 三 "打造一批先锋型、示范型便民中心和代办点").
MODEL_CENTRE_MIN_SCORE = env_number("MODEL_CENTRE_MIN_SCORE", 90, int)
# The county's own plan, cited at the foot of every page (a county adopting the system sets its own).
COUNTY_PLAN_TITLE = os.environ.get(
    "COUNTY_PLAN_TITLE", "《玉山县乡镇(街道)便民服务中心标准化建设方案》(玉府办字〔2018〕130号)"
)

# 个人信息保存期限 (《个人信息保护法》第19条): closed cases, consultations, 帮扶调解 records and complaints
# older than this many years are anonymised by `manage.py anonymise_personal_data` (0: never).
PERSONAL_DATA_RETENTION_YEARS = env_number("PERSONAL_DATA_RETENTION_YEARS", 10, int)
# API (bianmin/api): calls per minute per token or logged-in account, and per client address for
# the public endpoints without credentials (429 beyond; a shared CACHES backend with several workers).
API_RATE_PER_MINUTE = env_number("API_RATE_PER_MINUTE", 120, int)
API_PUBLIC_RATE_PER_MINUTE = env_number("API_PUBLIC_RATE_PER_MINUTE", 60, int)
# The exchange feed holds back events recorded in the last N seconds until their transactions have
# surely committed, so a client resuming from its cursor misses nothing (docs/exchange.md).
EXCHANGE_SETTLE_SECONDS = env_number("EXCHANGE_SETTLE_SECONDS", 10, int)
# manage.py backup / restore (docs/backup.md): where archives go, how many to keep (0 = all), and the
# folder of pg_dump/pg_restore when they are not /usr/lib/postgresql/<server major>/bin or on PATH.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", BASE_DIR / "backups"))
BACKUP_KEEP = env_number("BACKUP_KEEP", 14, int)
BACKUP_PG_BIN_DIR = os.environ.get("BACKUP_PG_BIN_DIR", "")

# 排队叫号与预约 (bianmin/hallqueue): a resident waiting longer than the limit turns the line red on the
# electronic monitoring (yellow from the yellow mark); appointment slots of every centre, how many days
# ahead they can be booked, when a booking may check in and when it counts as 失约; the receipt width
# of the kiosk's thermal printer (58 or 80 mm); the local TTS engine and where its announcements are kept.
QUEUE_WAIT_LIMIT_MINUTES = env_number("QUEUE_WAIT_LIMIT_MINUTES", 30, int)
QUEUE_WAIT_YELLOW_MINUTES = env_number("QUEUE_WAIT_YELLOW_MINUTES", 20, int)
QUEUE_APPOINTMENT_SLOTS = os.environ.get(
    "QUEUE_APPOINTMENT_SLOTS", "08:30-09:30,09:30-10:30,10:30-11:30,14:30-15:30,15:30-16:30,16:30-17:30"
)
QUEUE_APPOINTMENT_DAYS = env_number("QUEUE_APPOINTMENT_DAYS", 7, int)
QUEUE_CHECKIN_EARLY_MINUTES = env_number("QUEUE_CHECKIN_EARLY_MINUTES", 30, int)
QUEUE_NO_SHOW_GRACE_MINUTES = env_number("QUEUE_NO_SHOW_GRACE_MINUTES", 15, int)
QUEUE_RECEIPT_WIDTH_MM = env_number("QUEUE_RECEIPT_WIDTH_MM", 80, int)
QUEUE_TTS_COMMAND = os.environ.get("QUEUE_TTS_COMMAND", "espeak-ng")
QUEUE_AUDIO_DIR = Path(os.environ.get("QUEUE_AUDIO_DIR", MEDIA_ROOT / "queue-audio"))

# Scanned application materials (bianmin/core/uploads.py): PDF, JPEG or PNG, checked by content.
CASE_UPLOAD_MAX_BYTES = env_number("CASE_UPLOAD_MAX_BYTES", 10 * 1024 * 1024, int)

SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's health checks come over plain HTTP on loopback
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_number("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, int)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "bianmin.core.logging.PersonalDataFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["personal_data"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# The address the public reaches this system at: QR codes on printed notices lead here
# (the progress page). Set it to the county's intranet/internet address in production.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
