"""Settings of the real-apps project: Django's contrib apps and third-party apps installed
from PyPI at test time (pinned in py/requirements-test.txt; their code is never copied here).
The database comes from EBB_DJANGO_DB (sqlite:PATH or a postgres:// URL); check.py adds a
database alias per case."""
import os
import urllib.parse

SECRET_KEY = "test"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
SITE_ID = 1
INSTALLED_APPS = [
    "ebb.django",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "taggit",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "django_celery_beat",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True,
              "OPTIONS": {"context_processors": ["django.contrib.messages.context_processors.messages",
                                                 "django.contrib.auth.context_processors.auth",
                                                 "django.template.context_processors.request"]}}]

_db = os.environ["EBB_DJANGO_DB"]
if _db.startswith("sqlite:"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": _db[len("sqlite:"):]}}
elif _db.startswith("mysql:"):
    # MariaDB through PyMySQL (pinned for the suite) standing in for mysqlclient.
    import pymysql

    pymysql.install_as_MySQLdb()
    _u = urllib.parse.urlparse(_db)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.mysql",
            "NAME": _u.path.lstrip("/"),
            "USER": _u.username or "root",
            "PASSWORD": _u.password or "",
            "HOST": _u.hostname or "127.0.0.1",
            "PORT": str(_u.port or 3306),
        }
    }
else:
    _u = urllib.parse.urlparse(_db)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": _u.path.lstrip("/"),
            "USER": _u.username or "postgres",
            "PASSWORD": _u.password or "",
            "HOST": _u.hostname or "127.0.0.1",
            "PORT": str(_u.port or 5432),
        }
    }
