"""Tokens and calls for the API tests."""

from bianmin.api import services


def token_for(user, *, days: int = 90, name: str = "测试") -> str:
    _row, secret = services.token_create(user=user, name=name, days=days)
    return secret


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def get(client, url: str, secret: str | None = None, **params):
    return client.get(url, params, **(bearer(secret) if secret else {}))


def post(client, url: str, body: dict, secret: str | None = None, **headers):
    extra = bearer(secret) if secret else {}
    return client.post(url, body, content_type="application/json", **extra, **headers)
