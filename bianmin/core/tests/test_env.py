from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_number, parse_database_url

BASE = Path("/srv/bianmin")


def test_it_reads_sqlite_urls():
    assert parse_database_url("sqlite:///db.sqlite3", BASE)["NAME"] == BASE / "db.sqlite3"
    assert parse_database_url("sqlite:////var/lib/bianmin.db", BASE)["NAME"] == Path("/var/lib/bianmin.db")


def test_it_reads_postgres_urls():
    db = parse_database_url("postgres://app:p%40ss@127.0.0.1:55432/bianmin?sslmode=require", BASE)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "app",
        "p@ss",
        "127.0.0.1",
        "55432",
        "bianmin",
    )
    assert db["OPTIONS"] == {"sslmode": "require", "connect_timeout": "10"}
    assert parse_database_url("postgres://app@db/bianmin?connect_timeout=3", BASE)["OPTIONS"] == {
        "connect_timeout": "3"
    }


def test_it_reads_the_pooling_options_of_a_postgres_url():
    plain = parse_database_url("postgres://app@db/bianmin", BASE)
    timeout = {"connect_timeout": "10"}  # always set (a dead host answers the 503 page, not a hung worker)
    assert (plain["CONN_MAX_AGE"], plain["DISABLE_SERVER_SIDE_CURSORS"], plain["OPTIONS"]) == (60, False, timeout)
    pooled = parse_database_url("postgres://app@db/bianmin?pool=8&sslmode=require", BASE)
    assert pooled["OPTIONS"] == {"sslmode": "require", "pool": {"min_size": 1, "max_size": 8, "timeout": 10}, **timeout}
    assert pooled["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections
    bouncer = parse_database_url("postgres://app@127.0.0.1:6432/bianmin?pgbouncer=1", BASE)
    assert bouncer["DISABLE_SERVER_SIDE_CURSORS"] is True and bouncer["OPTIONS"] == timeout
    with pytest.raises(ImproperlyConfigured, match="pool must be a number"):
        parse_database_url("postgres://app@db/bianmin?pool=yes", BASE)
    with pytest.raises(ImproperlyConfigured, match="not both"):
        parse_database_url("postgres://app@db/bianmin?pool=4&pgbouncer=1", BASE)


def test_it_refuses_unknown_database_schemes():
    with pytest.raises(ImproperlyConfigured):
        parse_database_url("mysql://x@y/z", BASE)


def test_it_fails_loudly_on_a_bad_boolean(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("DEBUG", default=False)
    monkeypatch.setenv("DEBUG", "on")
    assert env_bool("DEBUG", default=False) is True


def test_it_reads_numbers_and_names_a_bad_one(monkeypatch):
    monkeypatch.setenv("MONITORING_YELLOW_DAYS", "2")
    assert env_number("MONITORING_YELLOW_DAYS", 1, int) == 2
    monkeypatch.setenv("MONITORING_YELLOW_DAYS", "两天")
    with pytest.raises(ImproperlyConfigured, match="MONITORING_YELLOW_DAYS must be a number"):
        env_number("MONITORING_YELLOW_DAYS", 1, int)
    monkeypatch.delenv("MONITORING_YELLOW_SHARE", raising=False)
    assert env_number("MONITORING_YELLOW_SHARE", None) is None
