"""Comparing whole pages between responses in tests: each response carries its own CSP nonce."""

import re

NONCE = re.compile(r'nonce="[^"]*"')


def without_nonce(html: str) -> str:
    return NONCE.sub('nonce=""', html)
