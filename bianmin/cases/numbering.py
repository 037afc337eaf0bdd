"""Receipt numbers (办件编号): ``<township code>-<year>-<6-digit sequence>``, e.g. 361123103-2026-000123.

Gapless per centre and year: the counter row is incremented inside the caller's transaction, so the
row lock (PostgreSQL) or the write lock (SQLite, transactions begin IMMEDIATE) serializes concurrent
intakes, and a rolled-back intake releases its number.
"""

import secrets

from django.db import transaction
from django.db.models import F

from bianmin.cases.models import ReceiptCounter

# No 0/O/1/I/L: read aloud over the phone and typed by elderly applicants.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def format_receipt_number(township_code: str, year: int, sequence: int) -> str:
    return f"{township_code}-{year}-{sequence:06d}"


def next_receipt_number(*, centre, year: int) -> str:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("receipt numbers are allocated inside the intake's transaction")
    counters = ReceiptCounter.objects.filter(centre=centre, year=year)
    if not counters.update(last=F("last") + 1):
        ReceiptCounter.objects.bulk_create([ReceiptCounter(centre=centre, year=year)], ignore_conflicts=True)
        counters.update(last=F("last") + 1)
    sequence = counters.values_list("last", flat=True).get()
    return format_receipt_number(centre.township.code, year, sequence)


def new_public_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(6))
