"""Writing generated rows fast: ``COPY`` on PostgreSQL, ``executemany`` on SQLite, straight into the
tables the migrations made, with every column of the model filled (its default where the generator
gives no value). Secondary indexes of the big tables are dropped while they load and built again
afterwards from their own definitions (one sort per index instead of an insert per row and index).
"""

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC

from django.core.management.color import no_style

CHUNK = 20_000


class Table:
    """Bulk rows for one model: dicts keyed by column name; missing columns get the field default."""

    def __init__(self, model, connection, *, explicit_ids: bool = False, now=None) -> None:
        self.model = model
        self.connection = connection
        self.vendor = connection.vendor
        self.now = now
        # Without explicit ids the id column is left out, so the database numbers the rows.
        self.fields = [f for f in model._meta.concrete_fields if explicit_ids or not f.primary_key]
        self.columns = [f.column for f in self.fields]
        self.kinds = {f.column: f.get_internal_type() for f in self.fields}
        self.defaults = {f.column: self._default(f) for f in self.fields}

    def _default(self, field):
        if field.primary_key:
            return None
        if field.has_default():
            return field.get_default()
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            return self.now
        if field.null:
            return None
        if field.get_internal_type() in ("CharField", "TextField", "SlugField", "FileField", "ImageField"):
            return ""
        return None

    def _adapter(self, column: str) -> Callable:
        """One conversion per column, chosen once: JSON as text; on SQLite, datetimes as UTC text to
        the second and dates as ISO text (what Django stores)."""
        kind = self.kinds[column]
        if kind == "JSONField":
            empty = "{}"  # most generated rows carry an empty dict: skip the encoder for them
            return lambda v: (
                None if v is None else empty if v.__class__ is dict and not v else json.dumps(v, ensure_ascii=False)
            )
        if self.vendor == "sqlite" and kind == "DateTimeField":
            return lambda v: None if v is None else v.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "seconds")
        if self.vendor == "sqlite" and kind in ("DateField", "TimeField"):
            return lambda v: None if v is None else v.isoformat()
        if self.vendor == "sqlite" and kind == "DecimalField":
            return lambda v: None if v is None else str(v)
        return _identity

    def _row_function(self) -> Callable[[dict], tuple]:
        """``row → tuple of column values``, compiled once per table: a generic loop over the columns
        costs more than writing the rows (millions of them)."""
        adapters, defaults, parts = [], [], []
        for i, column in enumerate(self.columns):
            adapt = self._adapter(column)
            adapters.append(adapt)
            defaults.append(adapt(self.defaults[column]))
            if adapt is _identity:
                parts.append(f"row.get({column!r}, D[{i}])")
            else:
                parts.append(f"(A[{i}](row[{column!r}]) if {column!r} in row else D[{i}])")
        source = f"lambda row: ({', '.join(parts)},)"
        # The expression holds only the model's own column names (never data): safe to compile.
        return eval(source, {"A": adapters, "D": defaults})  # noqa: S307

    def _tuples(self, rows: Iterable[dict]) -> Iterator[tuple]:
        return map(self._row_function(), rows)

    def write(self, rows: Iterable[dict]) -> int:
        table = self.model._meta.db_table
        names = ", ".join(f'"{c}"' for c in self.columns)
        count = 0
        with self.connection.cursor() as wrapper:
            raw = wrapper.cursor
            if self.vendor == "postgresql":
                with raw.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for values in self._tuples(rows):
                        copy.write_row(values)
                        count += 1
                return count
            marks = ", ".join("?" for _ in self.columns)
            sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608 - the model's own columns
            batch = []
            for values in self._tuples(rows):
                batch.append(values)
                if len(batch) >= CHUNK:
                    raw.executemany(sql, batch)
                    count += len(batch)
                    batch = []
            if batch:
                raw.executemany(sql, batch)
                count += len(batch)
        return count


def _identity(value):
    return value


def reset_sequence(connection, model) -> None:
    """After writing explicit ids on PostgreSQL, move the id sequence past them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


@contextmanager
def indexes_dropped(models, connection) -> Iterator[int]:
    """Drop the tables' secondary (non-unique) indexes while they are bulk-loaded, then build them
    again from their own definitions. Enter it outside the loading transactions: PostgreSQL builds
    no index on a table with deferred foreign-key checks pending."""
    secondary = []
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s",
                    [table],
                )
            else:
                cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s", [table])
            secondary += [(name, sql) for name, sql in cursor.fetchall() if sql and "UNIQUE" not in sql.upper()]
        for name, _sql in secondary:
            cursor.execute(f'DROP INDEX "{name}"')
    try:
        yield len(secondary)
    finally:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql" and connection.in_atomic_block:
                # Inside an outer transaction (a test's) the loads' deferred foreign-key checks are
                # still pending, and PostgreSQL builds no index on such a table: run them now.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for _name, sql in secondary:
                cursor.execute(sql)
