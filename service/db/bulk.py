"""Fast bulk inserts inside the current transaction: COPY on PostgreSQL, executemany elsewhere."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from service.db.base import Base


def bulk_insert(db_session: Session, model: type[Base], rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (column name -> value) into ``model``'s table, in this transaction.

    Values must already be in stored form (timezone-aware UTC datetimes, dates, strings).
    """
    if not rows:
        return
    connection = db_session.connection()
    if connection.dialect.name != "postgresql":
        db_session.execute(insert(model), list(rows))
        return
    table: Any = model.__table__
    columns = list(rows[0])
    names = ", ".join(f'"{table.c[name].name}"' for name in columns)
    raw: Any = connection.connection.dbapi_connection  # a psycopg 3 connection: COPY
    assert raw is not None
    with raw.cursor() as cursor, cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row([row[name] for name in columns])
