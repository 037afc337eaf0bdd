"""Finding service items by name, alias (俗称/简称), full pinyin and pinyin initials.

Staff at a window hear what applicants call an item (“低保”, “两项补贴”) and type it in whatever
way is quickest: Chinese, full pinyin (``dibao``) or initials (``db``, ``zdshbz``). The database
narrows the published catalogue with plain ``contains`` on the precomputed lower-case columns of
``ServiceItem`` (kept by ``services.refresh_search_keys``; no database-specific functions, so it
runs the same on SQLite and PostgreSQL); ``rank`` then orders the candidates in Python and a
second query reads the hits shown. Plan 四(一)4(6) 办事公开: the catalogue must be easy to find one's way in.
"""

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from django.db.models import Q

from bianmin.catalogue.models import ServiceItem
from bianmin.catalogue.pinyin_keys import split_aliases
from bianmin.catalogue.selectors import published_items


class Rank(IntEnum):
    """How well a query matches an item; smaller is better."""

    EXACT_NAME = 0
    EXACT_ALIAS = 1
    EXACT_PINYIN = 2  # the whole full pinyin or initials of the name or an alias
    NAME_PREFIX = 3
    ALIAS_PREFIX = 4
    PINYIN_PREFIX = 5
    CONTAINS_TEXT = 6  # inside the name or an alias
    # Last: a short query ("db", "an") occurs inside many pinyin strings by accident.
    CONTAINS_PINYIN = 7


class MatchKind:
    NAME = "name"
    ALIAS = "alias"
    PINYIN = "pinyin"
    INITIALS = "initials"


def normalise(text: str | None) -> str:
    """Lower case, full-width → half-width (NFKC), all whitespace removed.

    Applied to the query and to every key before comparing, so ``" 低 保 "``, ``"DIBAO"`` and
    ``"ｄｉｂａｏ"`` mean the same as ``"低保"`` / ``"dibao"``.
    """
    return "".join(unicodedata.normalize("NFKC", text or "").lower().split())


@dataclass(frozen=True)
class Match:
    """The best way a query matched an item."""

    rank: int
    kind: str  # MatchKind
    term: str  # the name or alias concerned, as written ("" if unknown)
    key: str  # what the query was found in: the term itself, or its full pinyin / initials


_TEXT_RANKS = {
    MatchKind.NAME: (Rank.EXACT_NAME, Rank.NAME_PREFIX, Rank.CONTAINS_TEXT),
    MatchKind.ALIAS: (Rank.EXACT_ALIAS, Rank.ALIAS_PREFIX, Rank.CONTAINS_TEXT),
}
_PINYIN_RANKS = (Rank.EXACT_PINYIN, Rank.PINYIN_PREFIX, Rank.CONTAINS_PINYIN)


def _grade(query: str, key: str, ranks: tuple[Rank, Rank, Rank]) -> Rank | None:
    exact, prefix, contains = ranks
    if key == query:
        return exact
    if key.startswith(query):
        return prefix
    if query in key:
        return contains
    return None


def match(
    query: str,
    name: str,
    aliases: Sequence[str] = (),
    pinyin_full_terms: Sequence[str] = (),
    pinyin_initial_terms: Sequence[str] = (),
) -> Match | None:
    """The best match of ``query`` against an item's name, aliases and their pinyin keys.

    Pure. ``pinyin_full_terms`` / ``pinyin_initial_terms`` are the keys of the name and the aliases
    in that order (as in ``ServiceItem.pinyin_full.split()``); when there is one per term, a
    pinyin match also names the term it came from. On equal rank the earlier candidate wins:
    the name before the aliases, full pinyin before initials.
    """
    q = normalise(query)
    if not q:
        return None
    best: Match | None = None
    terms = [name, *aliases]
    candidates: list[tuple[str, str, str, tuple[Rank, Rank, Rank]]] = [
        (MatchKind.NAME, name, normalise(name), _TEXT_RANKS[MatchKind.NAME]),
        *((MatchKind.ALIAS, a, normalise(a), _TEXT_RANKS[MatchKind.ALIAS]) for a in aliases),
    ]
    for kind, keys in ((MatchKind.PINYIN, pinyin_full_terms), (MatchKind.INITIALS, pinyin_initial_terms)):
        # Keys of terms without any pinyin (e.g. a Latin-only alias) are left out of the
        # columns, so only a one-to-one list tells which term a key belongs to.
        owners = terms if len(keys) == len(terms) else [""] * len(keys)
        candidates.extend((kind, owner, normalise(key), _PINYIN_RANKS) for key, owner in zip(keys, owners, strict=True))
    for kind, term, key, ranks in candidates:
        if not key:
            continue
        rank = _grade(q, key, ranks)
        if rank is not None and (best is None or rank < best.rank):
            best = Match(rank=int(rank), kind=kind, term=term, key=key)
            if rank == Rank.EXACT_NAME:
                break
    return best


def rank(
    query: str,
    name: str,
    aliases: Sequence[str] = (),
    pinyin_full_terms: Sequence[str] = (),
    pinyin_initial_terms: Sequence[str] = (),
) -> int | None:
    """The rank (``Rank``, smaller is better) of the best match, or None when nothing matches."""
    found = match(query, name, aliases, pinyin_full_terms, pinyin_initial_terms)
    return found.rank if found else None


def mark(text: str, query: str) -> tuple[str, str, str]:
    """``text`` split as (before, the part matching ``query``, after) for highlighting.

    The comparison is on normalised text, mapped back to the characters as written; when the
    query is not in ``text`` the result is ``(text, "", "")``.
    """
    q = normalise(query)
    norm: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in normalise(char):
            norm.append(piece)
            origin.append(index)
    pos = "".join(norm).find(q) if q else -1
    if pos < 0:
        return text, "", ""
    start, end = origin[pos], origin[pos + len(q) - 1] + 1
    return text[:start], text[start:end], text[end:]


@dataclass(frozen=True)
class SearchHit:
    item: ServiceItem
    rank: int | None  # None: no query, the catalogue in its normal order
    match: Match | None = None
    query: str = ""  # normalised

    @property
    def name(self) -> str:
        return self.item.current.name if self.item.current else ""

    @property
    def name_parts(self) -> tuple[str, str, str]:
        """The name split for highlighting when the name itself matched."""
        if self.match is not None and self.match.kind == MatchKind.NAME:
            return mark(self.name, self.query)
        return self.name, "", ""

    @property
    def term_parts(self) -> tuple[str, str, str]:
        """The alias (for an alias match) or the pinyin key (for a pinyin match), split for highlighting."""
        if self.match is None or self.match.kind == MatchKind.NAME:
            return "", "", ""
        if self.match.kind == MatchKind.ALIAS:
            return mark(self.match.term, self.query)
        return mark(self.match.key, self.query)

    @property
    def via(self) -> str:
        """How the item was found when not by its own name: 俗称 / 拼音 / 拼音首字母."""
        if self.match is None:
            return ""
        return {MatchKind.ALIAS: "俗称", MatchKind.PINYIN: "拼音", MatchKind.INITIALS: "拼音首字母"}.get(
            self.match.kind, ""
        )

    @property
    def via_term(self) -> str:
        """For a pinyin match on an alias, the alias (“dibao” → 低保); "" when it was the name."""
        if self.match is None or self.match.kind not in (MatchKind.PINYIN, MatchKind.INITIALS):
            return ""
        return "" if self.match.term == self.name else self.match.term


def search_items(
    query: str,
    *,
    business_line_id: int | None = None,
    centre=None,
    limit: int | None = 50,
) -> list[SearchHit]:
    """Published, active items matching ``query``, best first; at most ``limit`` (None: all).

    ``centre`` (a Centre or its pk) keeps the items on that centre's active implementation list.
    An empty query gives the (filtered) catalogue in its normal order. Two queries whatever the
    number of hits: the candidates' keys, then the hits with their current guide and business line.
    """
    items = published_items()
    if business_line_id:
        items = items.filter(business_line_id=business_line_id)
    if centre is not None:
        # One filter() call: both conditions on the same CentreItem row.
        items = items.filter(centres__centre=centre, centres__is_active=True)
    q = normalise(query)
    if not q:
        rows = items if limit is None else items[:limit]
        return [SearchHit(item=item, rank=None) for item in rows]

    # The stored keys are lower case and NFKC, as the query is (``pinyin_keys``): a case-sensitive
    # ``contains`` finds what ``icontains`` would, without upper-casing every row.
    condition = Q(search_text__contains=q) | Q(pinyin_full__contains=q) | Q(pinyin_initials__contains=q)
    # Rank the candidates on their keys alone, then read the whole rows of the hits shown: a short
    # query ("db") has hundreds of candidates, and building each with its guide cost more than the rest.
    keys = (
        items.filter(condition)
        .order_by()
        .values_list("pk", "code", "current__name", "aliases", "pinyin_full", "pinyin_initials")
    )
    ranked = []
    for pk, code, name, aliases, full, initials in keys:
        found = match(q, name, split_aliases(aliases), full.split(), initials.split())
        if found is not None:
            ranked.append((found.rank, len(name), code, pk, found))
    ranked.sort(key=lambda row: row[:3])
    if limit is not None:
        ranked = ranked[:limit]
    rows = items.in_bulk([row[3] for row in ranked])
    return [SearchHit(item=rows[pk], rank=rank, match=found, query=q) for rank, _, _, pk, found in ranked if pk in rows]
