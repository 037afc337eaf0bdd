"""The shape of an API token, pure (no ORM): ``bm_`` + 43 URL-safe characters (256 random bits).

Only ``digest(token)`` is stored. A plain SHA-256 is enough here (unlike passwords): the secret is
random and long, so there is nothing to guess; a slow hash would only slow every API call.
"""

import hashlib
import re
import secrets

PREFIX = "bm_"
PREFIX_SHOWN = 10  # "bm_" + 7 characters: enough to tell tokens apart in a list
_SHAPE = re.compile(r"^bm_[A-Za-z0-9_-]{43}$")


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def shown_prefix(token: str) -> str:
    return token[:PREFIX_SHOWN]


def is_token_shaped(value: str) -> bool:
    return bool(_SHAPE.match(value))
