"""Receipt numbers: readable, unique, gapless per centre and year, also under concurrency."""

import threading
from datetime import datetime

import pytest
from django.db import connection, transaction

from bianmin.cases import services
from bianmin.cases.models import Case
from bianmin.cases.numbering import format_receipt_number, next_receipt_number
from bianmin.cases.tests.helpers import ALL_RECEIVED, applicant, listed_item
from bianmin.core.errors import ApplicationError
from bianmin.workcalendar.deadlines import CHINA


def test_it_formats_township_code_year_and_six_digits():
    assert format_receipt_number("361123103", 2026, 123) == "361123103-2026-000123"


@pytest.mark.django_db
def test_it_numbers_each_centre_and_year_from_one(county):
    item = listed_item(county)
    a1 = services.case_register(actor=county.clerk_a, item=item, applicant=applicant(), materials=ALL_RECEIVED)
    a2 = services.case_register(actor=county.agent_a1, item=item, applicant=applicant(), materials=ALL_RECEIVED)
    b1 = services.case_register(actor=county.clerk_b, item=item, applicant=applicant(), materials=ALL_RECEIVED)
    next_year = services.case_register(
        actor=county.clerk_a,
        item=item,
        applicant=applicant(),
        materials=ALL_RECEIVED,
        at=datetime(2030, 1, 2, 9, tzinfo=CHINA),
    )
    code_a, code_b = county.centre_a.township.code, county.centre_b.township.code
    year = a1.received_at.astimezone(CHINA).year
    assert [a1.receipt_number, a2.receipt_number] == [f"{code_a}-{year}-000001", f"{code_a}-{year}-000002"]
    assert b1.receipt_number == f"{code_b}-{year}-000001"
    assert next_year.receipt_number == f"{code_a}-2030-000001"


@pytest.mark.django_db
def test_a_rolled_back_intake_gives_its_number_back(county):
    item = listed_item(county)
    at = datetime(2031, 3, 3, 9, tzinfo=CHINA)
    with pytest.raises(RuntimeError), transaction.atomic():
        next_receipt_number(centre=county.centre_a, year=2031)
        raise RuntimeError("intake failed after numbering")
    with pytest.raises(ApplicationError):  # refused before numbering: a bad phone number
        services.case_register(actor=county.clerk_a, item=item, applicant=applicant(phone="123"), at=at)
    case = services.case_register(actor=county.clerk_a, item=item, applicant=applicant(), at=at)
    assert case.receipt_number.endswith("-2031-000001")


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_intakes_get_twenty_consecutive_numbers(county):
    item = listed_item(county)
    barrier = threading.Barrier(20)
    numbers, errors = [], []

    def intake():
        try:
            barrier.wait(timeout=30)
            case = services.case_register(
                actor=county.clerk_a, item=item, applicant=applicant(), materials=ALL_RECEIVED
            )
            numbers.append(case.receipt_number)
        except Exception as exc:  # reported below, with the database's own message
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=intake) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    sequences = sorted(int(number.rsplit("-", 1)[1]) for number in numbers)
    assert sequences == list(range(1, 21))
    assert Case.objects.filter(centre=county.centre_a).count() == 20
