"""Numbers read from a request's parameters (?centre=…, a hidden seen_lock, a record id in a form):
anything that is not a whole number a database column can hold is treated as absent, so a crafted
value can neither overflow a query (SQLite raises OverflowError, PostgreSQL an out-of-range error)
nor reach one as text."""

KEY_LIMIT = 2**63 - 1  # the largest bigint: primary keys, counters


def whole_number(raw: object, *, limit: int = KEY_LIMIT) -> int | None:
    """``raw`` as a non-negative int no larger than ``limit``, else None."""
    text = str(getattr(raw, "pk", raw) if raw is not None else "").strip()
    if not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if value <= limit else None
