"""Fast bulk inserts inside the current transaction: COPY on PostgreSQL, one prepared
``executemany`` on SQLite (values converted by the columns' own bind processors, so they are
stored exactly as the ORM would store them)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from service.db.base import Base


def _converter(column: Any, dialect: Any) -> Callable[[Any], Any]:
    """The column's conversion to what the driver receives, memoised per distinct value for
    the types whose values repeat (timestamps of one import, dates)."""
    process = column.type.bind_processor(dialect)
    if process is None:
        return lambda value: value
    try:
        plain = column.type.python_type is str
    except NotImplementedError:
        plain = False
    if plain:
        return process
    memo: dict[Any, Any] = {}

    def convert(value: Any) -> Any:
        try:
            return memo[value]
        except KeyError:
            memo[value] = converted = process(value)
            return converted
        except TypeError:  # unhashable
            return process(value)

    return convert


def bulk_insert(db_session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (column name -> value) into ``model``'s table, in this transaction.

    Values must already be in stored form (timezone-aware UTC datetimes, dates, strings).
    """
    if not rows:
        return
    connection = db_session.connection()
    table: Any = model.__table__
    columns = list(rows[0])
    raw: Any = connection.connection.dbapi_connection
    assert raw is not None
    dialect = connection.dialect
    if dialect.name == "sqlite":
        converters = [_converter(table.c[name], dialect) for name in columns]
        names = ", ".join(f'"{table.c[name].name}"' for name in columns)
        marks = ", ".join("?" for _ in columns)
        cursor = raw.cursor()
        try:
            cursor.executemany(
                f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})',
                [
                    tuple(
                        convert(row[name])
                        for convert, name in zip(converters, columns, strict=True)
                    )
                    for row in rows
                ],
            )
        finally:
            cursor.close()
        return
    if dialect.name != "postgresql":  # pragma: no cover - only SQLite and PostgreSQL are run
        db_session.execute(insert(table), list(rows))
        return
    names = ", ".join(f'"{table.c[name].name}"' for name in columns)
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[name] for name in columns])
