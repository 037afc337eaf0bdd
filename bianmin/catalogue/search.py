"""Finding service items by name, alias (俗称/简称), full pinyin and pinyin initials.

Staff at a window hear what applicants call an item (“低保”, “两项补贴”) and type it in whatever
way is quickest: Chinese, full pinyin (``dibao``) or initials (``db``, ``zdshbz``). The database
finds and ranks the published catalogue with plain ``LIKE`` on the precomputed lower-case columns
of ``ServiceItem`` (kept by ``services.refresh_search_keys``; no database-specific functions, so it
runs the same on SQLite and PostgreSQL) and reads only the hits shown (``ranked``); ``match`` is
the same ranking in Python, and says for a hit what matched. Plan 四(一)4(6) 办事公开: the
catalogue must be easy to find one's way in.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from django.db.models import Case, CharField, F, Func, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length

from bianmin.catalogue.models import ServiceItem
from bianmin.catalogue.pinyin_keys import normalise, split_aliases
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
    An empty query gives the (filtered) catalogue in its normal order. One query whatever the number
    of candidates: ranked and limited by the database (``ranked``), with each hit's current guide and
    business line; ``match`` then says, for the hits shown, what matched (for highlighting).
    """
    items = published_items().only(*HIT_FIELDS)
    if business_line_id:
        items = items.filter(business_line_id=business_line_id)
    if centre is not None:
        # One filter() call: both conditions on the same CentreItem row.
        items = items.filter(centres__centre=centre, centres__is_active=True)
    q = normalise(query)
    if not q:
        rows = items if limit is None else items[:limit]
        return [SearchHit(item=item, rank=None) for item in rows]

    rows = ranked(items, q)
    if limit is not None:
        rows = rows[:limit]
    hits = []
    for item in rows:
        found = match(
            q, item.current.name, split_aliases(item.aliases), item.pinyin_full.split(), item.pinyin_initials.split()
        )
        hits.append(SearchHit(item=item, rank=item.search_rank, match=found, query=q))
    return hits


# What a list of hits shows (the search pages, the intake picker, the API's ItemOut): the guides'
# long texts (legal basis, conditions, procedure, fees …) are read only on a guide's own page.
HIT_FIELDS = (
    "code",
    "aliases",
    "pinyin_full",
    "pinyin_initials",
    "business_line__name",
    *(
        f"current__{field}"
        for field in (
            "number",
            "name",
            "item_type",
            "department",
            "handling_type",
            "statutory_limit_days",
            "promised_limit_days",
            "visits",
            "online",
            "agency_allowed",
            "pending_allowed",
        )
    ),
)


class Spaced(Func):
    """A key column with a space before and after it (standard SQL ``||``, on SQLite and PostgreSQL),
    so a term equal to or starting with the query is found with one ``LIKE``."""

    template = "(' ' || %(expressions)s || ' ')"
    output_field = CharField()


def ranked(items: QuerySet[ServiceItem], q: str) -> QuerySet[ServiceItem]:
    """The items matching the normalised query ``q``, annotated with ``search_rank`` (``Rank``, the
    rank ``match`` gives) and ordered best first, then shorter names, then by code: one query, so a
    page reads only the hits it shows.

    The stored keys are normalised as the query is, one space-separated term per name or alias
    (``pinyin_keys.search_keys``, the name first), so plain ``LIKE`` tells the ranks apart on any
    database: the name is the start of ``search_text``; a term equal to or starting with the query
    has a space (or the start) before it and, if equal, a space (or the end) after it. A query has no
    spaces, so every match lies inside one term, as ``match`` compares them.
    """
    exact, starts = f" {q} ", f" {q}"
    rules = (
        (Q(search_text=q) | Q(search_text__startswith=f"{q} "), Rank.EXACT_NAME),
        (Q(text__contains=exact), Rank.EXACT_ALIAS),
        (Q(full__contains=exact) | Q(initials__contains=exact), Rank.EXACT_PINYIN),
        (Q(search_text__startswith=q), Rank.NAME_PREFIX),
        (Q(text__contains=starts), Rank.ALIAS_PREFIX),
        (Q(full__contains=starts) | Q(initials__contains=starts), Rank.PINYIN_PREFIX),
        (Q(search_text__contains=q), Rank.CONTAINS_TEXT),
    )
    return (
        items.filter(Q(search_text__contains=q) | Q(pinyin_full__contains=q) | Q(pinyin_initials__contains=q))
        .alias(text=Spaced(F("search_text")), full=Spaced(F("pinyin_full")), initials=Spaced(F("pinyin_initials")))
        .annotate(
            search_rank=Case(
                *(When(condition, then=Value(int(rank))) for condition, rank in rules),
                default=Value(int(Rank.CONTAINS_PINYIN)),
                output_field=IntegerField(),
            )
        )
        .order_by("search_rank", Length("current__name"), "code")
    )
