"""Many rows at once with PostgreSQL's COPY: no model objects, no per-row parameters.

The rows stream to the server while the caller produces them, so PostgreSQL can
insert and index them while Python prepares the next ones. COPY applies no
defaults of the model's: every row gives every column, its id included, taken
from the table's sequence first.
"""

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Field, Model

if TYPE_CHECKING:
    from psycopg import Copy


def copy_into(
    cursor: CursorWrapper, model: type[Model], fields: tuple[str, ...]
) -> AbstractContextManager["Copy"]:
    """A psycopg Copy into `fields` of `model`'s table, for a `with` block.

    `cursor` is a Django cursor; rows go in with `write_row`, values in the order
    of `fields`.
    """
    quote = connection.ops.quote_name
    columns = ", ".join(quote(_column(model, name)) for name in fields)
    return cursor.cursor.copy(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN")


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column, f"{name} is not a column of {model}"
    return field.column


def take_ids(cursor: CursorWrapper, model: type[Model], count: int) -> list[int]:
    """`count` new ids from the sequence of `model`'s table, as INSERTs would get them."""
    cursor.execute(
        "SELECT nextval(sequence) FROM pg_get_serial_sequence(%s, 'id') AS sequence, "
        "generate_series(1, %s)",
        [model._meta.db_table, count],
    )
    return [row[0] for row in cursor.fetchall()]


def reserve_consecutive_ids(cursor: CursorWrapper, model: type[Model], count: int) -> int:
    """The first of `count` consecutive ids nobody else will get.

    The table must be locked against other writers. The sequence is moved past
    the ids before they are written, so the next INSERT continues after the last.
    """
    table = model._meta.db_table
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [table])
    (sequence,) = cursor.fetchone()
    cursor.execute(
        "SELECT GREATEST(nextval(%s), "
        f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {connection.ops.quote_name(table)}))",
        [sequence],
    )
    (first,) = cursor.fetchone()
    cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first
