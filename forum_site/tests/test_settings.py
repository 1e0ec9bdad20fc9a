"""Settings come from the environment; production refuses unsafe defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from forum_site.settings.test import worker_redis_url

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3y-" + "a1B2c3D4e5F6g7H8i9J0" * 3
DEVELOPMENT = "forum_site.settings.development"
PRODUCTION = "forum_site.settings.production"
TEST = "forum_site.settings.test"


def run_python(code: str, module: str = DEVELOPMENT, **env) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "ELASTICSEARCH_URL",
            "SECRET_KEY",
            "DEBUG",
            "ALLOWED_HOSTS",
            "PYTEST_XDIST_WORKER",
        }
    }
    base.update(env, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_embedded_defaults():
    result = run_python(
        "from django.conf import settings as s; import django; django.setup();"
        "print(s.DEBUG, s.DATABASES['default']['ENGINE'],"
        " s.CHANNEL_LAYERS['default']['BACKEND'],"
        " s.WAGTAILSEARCH_BACKENDS['default']['BACKEND'])"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "django.db.backends.sqlite3",
        "channels.layers.InMemoryChannelLayer",
        # Wagtail's database backend (SQLite FTS here), searching in every
        # language (forum_site.search_backend wraps the one Wagtail picks).
        "forum_site.search_backend",
    ]


def test_environment_selects_production_services():
    result = run_python(
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['NAME'],"
        " s.CHANNEL_LAYERS['default']['BACKEND'], s.ALLOWED_HOSTS,"
        " s.ELASTICSEARCH_URL)",
        DATABASE_URL="postgres://forum@db.internal:5432/forum",
        REDIS_URL="redis://cache.internal:6379/0",
        ELASTICSEARCH_URL="http://search.internal:9200",
        ALLOWED_HOSTS="forum.example.org",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "django.db.backends.postgresql forum" in out
    assert "channels_redis.pubsub.RedisPubSubChannelLayer" in out
    assert "['forum.example.org']" in out
    assert "http://search.internal:9200" in out


# DEBUG=0 with the development module (the default of manage.py and asgi.py)
# is production, as it was before the settings were split.
PRODUCTION_WAYS = [
    pytest.param(PRODUCTION, {}, id="production"),
    pytest.param(DEVELOPMENT, {"DEBUG": "0"}, id="development-with-DEBUG=0"),
]


@pytest.mark.parametrize("module,env", PRODUCTION_WAYS)
@pytest.mark.parametrize(
    "key,message",
    [
        (None, "SECRET_KEY must be set"),
        ("short", "too weak"),
        ("django-insecure-" + "x" * 60, "too weak"),
    ],
)
def test_debug_off_refuses_missing_or_weak_secret_key(module, env, key, message):
    if key:
        env = {**env, "SECRET_KEY": key}
    result = run_python("import django; django.setup()", module, **env)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize("module,env", PRODUCTION_WAYS)
def test_production_defaults(module, env):
    result = run_python(
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE,"
        " s.STORAGES['staticfiles']['BACKEND'], s.EMAIL_BACKEND)",
        module,
        **env,
        SECRET_KEY=STRONG_KEY,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "[]",
        "True",
        "True",
        "django.contrib.staticfiles.storage.ManifestStaticFilesStorage",
        "django.core.mail.backends.smtp.EmailBackend",
    ]


def _check_deploy(tmp_path, module, env, accel_redirect="/_private/"):
    env = {
        **{
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
        },
        **env,
        "SECRET_KEY": STRONG_KEY,
        "ALLOWED_HOSTS": "forum.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://forum.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "SITE_URL": "https://forum.example.org",
        # docs/deployment.md, "Private files": nginx sends them (forum_site.W001 otherwise).
        "PRIVATE_MEDIA_ACCEL_REDIRECT": accel_redirect,
        "DJANGO_SETTINGS_MODULE": module,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("module,env", PRODUCTION_WAYS)
def test_check_deploy_passes_with_production_settings(tmp_path, module, env):
    result = _check_deploy(tmp_path, module, env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_private_files_are_not_sent_by_nginx(tmp_path):
    result = _check_deploy(tmp_path, PRODUCTION, {}, accel_redirect="")
    assert result.returncode != 0
    assert "forum_site.W001" in result.stdout + result.stderr


def test_test_settings_are_fast_and_ignore_debug_off_in_the_shell():
    result = run_python(
        "from django.conf import settings as s;"
        "print(s.PASSWORD_HASHERS, s.EMAIL_BACKEND, getattr(s, 'SECURE_SSL_REDIRECT', False))",
        TEST,
        DEBUG="0",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "['django.contrib.auth.hashers.MD5PasswordHasher']",
        "django.core.mail.backends.locmem.EmailBackend",
        "False",
    ]


def test_each_xdist_worker_has_a_redis_database_of_its_own():
    assert worker_redis_url("redis://127.0.0.1:6379/0", "gw0") == "redis://127.0.0.1:6379/0"
    assert worker_redis_url("redis://127.0.0.1:6379/2", "gw3") == "redis://127.0.0.1:6379/5"
    assert worker_redis_url("redis://:pw@cache:6379", "gw1") == "redis://:pw@cache:6379/1"
    result = run_python(
        "from django.conf import settings as s;"
        "print(s.CACHES['default']['LOCATION'],"
        " *[h['address'] for h in s.CHANNEL_LAYERS['default']['CONFIG']['hosts']])",
        TEST,
        REDIS_URL="redis://cache.internal:6379/0",
        PYTEST_XDIST_WORKER="gw1",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["redis://cache.internal:6379/1"] * 2


def test_site_url_drives_every_base_url():
    code = (
        "from django.conf import settings as s; import django; django.setup();"
        "print(s.SITE_URL, s.WAGTAILADMIN_BASE_URL, s.WAGTAILAPI_BASE_URL)"
    )
    default = run_python(code)
    assert default.returncode == 0, default.stderr
    assert default.stdout.split() == ["http://127.0.0.1:8000"] * 3
    result = run_python(code, SITE_URL="https://forum.example.org/")
    assert result.stdout.split() == ["https://forum.example.org"] * 3


def test_system_checks_pass():
    """``manage.py migrate``, ``runserver`` and ``make demo`` run Django's system
    checks, which the test runner does not: a setting a library refuses (such
    as django-csp's pre-4.0 names) must fail here, not on a newcomer's machine."""
    from django.core.management import call_command

    call_command("check", fail_level="ERROR")
