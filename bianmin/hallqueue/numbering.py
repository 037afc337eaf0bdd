"""Ticket numbers (排队号): the line's letter and a 3-digit sequence per line and day, A001 … A999.

Gapless per line and day, like the cases' receipt numbers: the counter row is incremented inside
the taking transaction (row lock on PostgreSQL, the write lock on SQLite where transactions begin
IMMEDIATE), only while below the line's daily limit, so two kiosks never print the same number and
a rolled-back ticket gives its number back.
"""

import secrets
from datetime import date

from django.db import transaction
from django.db.models import F

from bianmin.core.errors import ApplicationError
from bianmin.hallqueue.models import MAX_PER_DAY, QueueLine, TicketCounter


def format_number(prefix: str, sequence: int) -> str:
    return f"{prefix}{sequence:03d}"


def day_limit(line: QueueLine) -> int:
    return min(line.daily_limit or MAX_PER_DAY, MAX_PER_DAY)


def next_sequence(*, line: QueueLine, day: date) -> int:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ticket numbers are allocated inside the taking transaction")
    limit = day_limit(line)
    counters = TicketCounter.objects.filter(line=line, day=day)
    if not counters.filter(last__lt=limit).update(last=F("last") + 1):
        TicketCounter.objects.bulk_create([TicketCounter(line=line, day=day)], ignore_conflicts=True)
        if not counters.filter(last__lt=limit).update(last=F("last") + 1):
            raise ApplicationError(f"今天“{line.name}”的号已取完(每日限 {limit} 个),请咨询导办台或改日再来。")
    return counters.values_list("last", flat=True).get()


def new_token() -> str:
    """The unguessable part of the phone page's address (the QR code on the receipt)."""
    return secrets.token_urlsafe(12)


# Digits only: typed on the kiosk's keypad, read out over the phone.
def new_booking_code() -> str:
    return f"{secrets.randbelow(10**8):08d}"
