"""Settings of the test project: the database comes from EBB_DJANGO_DB (sqlite:PATH or a
postgres:// URL)."""
import os
import urllib.parse

SECRET_KEY = "test"
USE_TZ = True
INSTALLED_APPS = ["ebb.django", "shop", "reviews"]
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

_db = os.environ["EBB_DJANGO_DB"]
if _db.startswith("sqlite:"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": _db[len("sqlite:"):]}}
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
