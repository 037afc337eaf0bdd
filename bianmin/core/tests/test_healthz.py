"""/healthz: the liveness answer for the reverse proxy and the load test's ceiling (no database)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def test_it_answers_ok_without_touching_the_database(client, db):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert queries.captured_queries == []


def test_it_sets_no_cookie(client, db):
    response = client.get("/healthz")
    assert not response.cookies


def test_it_refuses_writes(client):
    assert client.post("/healthz").status_code == 405
