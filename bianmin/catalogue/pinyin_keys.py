"""Search keys of an item: its name and aliases in Chinese, full pinyin and pinyin initials.

最低生活保障 → "zuidishenghuobaozhang" and "zdshbz"; alias 低保 → "dibao" and "db".
Keys are space-separated, one per name or alias, so a prefix match can start at any of them.
"""

import re
import unicodedata

from pypinyin import Style, lazy_pinyin

_SPLIT = re.compile(r"[、,,;;/\s]+")


def split_aliases(text: str) -> list[str]:
    return [part for part in _SPLIT.split(text or "") if part]


def _keep(text: str) -> str:
    """Digits and Latin letters stay in the keys ("60岁" → "60sui"); punctuation and spaces go."""
    return re.sub(r"[^0-9a-z]", "", text.lower())


def _full(text: str) -> str:
    return "".join(lazy_pinyin(text, errors=_keep)).lower()


def _initials(text: str) -> str:
    return "".join(lazy_pinyin(text, style=Style.FIRST_LETTER, errors=_keep)).lower()


def normalise(text: str | None) -> str:
    """Lower case, full-width → half-width (NFKC), all whitespace removed.

    Applied to the query and to every key before comparing, so ``" 低 保 "``, ``"DIBAO"`` and
    ``"ｄｉｂａｏ"`` mean the same as ``"低保"`` / ``"dibao"``.
    """
    return "".join(unicodedata.normalize("NFKC", text or "").lower().split())


def search_text(terms: list[str]) -> str:
    """The name and the aliases as the search compares them, each normalised as a query is
    (``normalise``) and joined by single spaces, the name first: the database compares with a plain
    ``LIKE`` (on PostgreSQL four times cheaper than ``UPPER(…) LIKE UPPER(…)`` over the catalogue),
    and tells an exact name, alias or prefix by the spaces around a term (``search.ranked``)."""
    return " ".join(normalise(term) for term in terms)


def search_keys(name: str, aliases: str) -> dict[str, str]:
    """The three search columns of ``ServiceItem`` for a name and its aliases (all lower case)."""
    terms = [name, *split_aliases(aliases)]
    return {
        "search_text": search_text(terms),
        "pinyin_full": " ".join(filter(None, (_full(t) for t in terms))),
        "pinyin_initials": " ".join(filter(None, (_initials(t) for t in terms))),
    }
