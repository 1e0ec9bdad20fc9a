"""Settings come from the environment; production refuses unsafe defaults."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3y-" + "a1B2c3D4e5F6g7H8i9J0" * 3


def run_python(code: str, **env) -> subprocess.CompletedProcess:
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
        }
    }
    base.update(env, DJANGO_SETTINGS_MODULE="forum_site.settings")
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
        "wagtail.search.backends.database",
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
    assert "channels_redis.core.RedisChannelLayer" in out
    assert "['forum.example.org']" in out
    assert "http://search.internal:9200" in out


@pytest.mark.parametrize(
    "key,message",
    [
        (None, "SECRET_KEY must be set"),
        ("short", "too weak"),
        ("django-insecure-" + "x" * 60, "too weak"),
    ],
)
def test_debug_off_refuses_missing_or_weak_secret_key(key, message):
    env = {"DEBUG": "0"}
    if key:
        env["SECRET_KEY"] = key
    result = run_python("import django; django.setup()", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_check_deploy_passes_with_production_settings(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="forum.example.org",
        CSRF_TRUSTED_ORIGINS="https://forum.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        SITE_URL="https://forum.example.org",
        DJANGO_SETTINGS_MODULE="forum_site.settings",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
