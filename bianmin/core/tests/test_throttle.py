from django.test import RequestFactory

from bianmin.core import throttle


def request_from(address):
    return RequestFactory().get("/", REMOTE_ADDR=address)


def test_it_allows_the_limit_then_refuses_per_client_and_purpose():
    first = request_from("10.0.0.1")
    assert all(throttle.hit(first, "lookup", limit=3) for _ in range(3))
    assert not throttle.hit(first, "lookup", limit=3)
    assert throttle.hit(first, "complaint", limit=3)  # another purpose counts apart
    assert throttle.hit(request_from("10.0.0.2"), "lookup", limit=3)  # another client too


def test_it_keeps_no_client_address_in_the_cache_key():
    assert "10.0.0.1" not in throttle.client_key(request_from("10.0.0.1"))


def test_its_message_is_chinese_and_names_the_limit():
    assert throttle.message(10) == "操作过于频繁,请稍后再试(每分钟最多 10 次)。"
