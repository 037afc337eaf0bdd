"""The settings in production (issue #12 point 7): they refuse to start with DEBUG on, a default or
weak SECRET_KEY or no ALLOWED_HOSTS, and a correct production configuration passes `check --deploy`
without a warning. Each case starts a fresh interpreter, as the server would."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
GOOD_KEY = secrets.token_urlsafe(50)

PRODUCTION = {
    "BIANMIN_ENV": "production",
    "DEBUG": "0",
    "BIANMIN_TESTING": "0",
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "bianmin.example.gov.cn",
    "DATABASE_URL": "sqlite:///unused.sqlite3",
}


def _manage(*args, env):
    unset = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "BIANMIN_ENV", "BIANMIN_TESTING", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_it_passes_the_deployment_checklist():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"DEBUG": "1"}, "不得开启 DEBUG"),
        ({"SECRET_KEY": ""}, "SECRET_KEY 未设置"),
        ({"SECRET_KEY": "insecure-development-key-only-for-debug-and-tests"}, "默认值或过于简单"),
        ({"SECRET_KEY": "django-insecure-" + "x" * 50}, "默认值或过于简单"),
        ({"SECRET_KEY": "please-change-me-" + GOOD_KEY}, "默认值或过于简单"),
        ({"SECRET_KEY": "short-but-random-1234"}, "默认值或过于简单"),
        ({"ALLOWED_HOSTS": ""}, "必须设置 ALLOWED_HOSTS"),
        ({"CACHE_BACKEND": "redis"}, "CACHE_BACKEND 只能是"),
    ],
)
def test_it_refuses_to_start_with_an_unsafe_configuration(changes, message):
    result = _manage("check", env={**PRODUCTION, **changes})
    assert result.returncode != 0
    assert message in result.stderr
    assert GOOD_KEY not in result.stderr  # the key is never echoed


def test_a_weak_key_is_refused_even_outside_production_when_debug_is_off():
    env = {k: v for k, v in PRODUCTION.items() if k != "BIANMIN_ENV"}
    result = _manage("check", env={**env, "SECRET_KEY": "django-insecure-abc"})
    assert result.returncode != 0 and "默认值或过于简单" in result.stderr
