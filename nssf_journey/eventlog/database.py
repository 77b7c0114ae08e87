"""Event logs straight from a case system's database, through SQLAlchemy.

``--db URL --query "SELECT ..."`` (or ``--table NAME``) runs one query and reads its rows in partitions of
:data:`PARTITION` rows with a server-side cursor where the driver has one, so a large table is not held twice
in memory. SQLAlchemy speaks to SQLite out of the box and to PostgreSQL, MySQL, SQL Server or Oracle with
their driver installed (``postgresql+psycopg://user@host/db``). The password of a URL is never printed.
"""

from __future__ import annotations

from typing import Any

from .columns import Columns
from .errors import LogError, LogProblem
from .raw import ROLES, RawLog, check_columns

PARTITION = 100_000


def _label(url: str) -> str:
    try:
        from sqlalchemy.engine import make_url

        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a URL SQLAlchemy cannot read is reported by read_database
        return url.split("@")[-1]


def read_database(url: str, columns: Columns, *, query: str | None = None, table: str | None = None) -> RawLog:
    try:
        import sqlalchemy as sa
    except ImportError:
        raise LogError([LogProblem(url, 0, "", "reading from a database needs SQLAlchemy:"
                                   " pip install 'nssf-journey[db]'")]) from None
    import pyarrow as pa

    label = _label(url)
    if (query is None) == (table is None):
        raise LogError([LogProblem(label, 0, "", "give either a query (--query) or a table (--table)")])
    try:
        engine = sa.create_engine(url)
    except Exception as exc:  # noqa: BLE001 - bad URL or missing driver
        raise LogError([LogProblem(label, 0, "", f"cannot open the database: {_reason(exc)}")]) from None
    statement: Any = sa.text(query) if query is not None else sa.select(sa.text("*")).select_from(sa.table(table))
    values: dict[str, list] = {}
    try:
        with engine.connect() as conn:
            result = conn.execution_options(stream_results=True, yield_per=PARTITION).execute(statement)
            present = list(result.keys())
            check_columns(label, columns, present, line=0)
            index = {role: present.index(getattr(columns, role)) for role in ROLES if getattr(columns, role) in present}
            values = {role: [] for role in index}
            for part in result.partitions(PARTITION):
                for role, i in index.items():
                    values[role].extend(row[i] for row in part)
    except LogError:
        raise
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy wraps every driver error
        raise LogError([LogProblem(label, 0, "", f"the query failed: {_reason(exc)}")]) from None
    finally:
        engine.dispose()
    arrays = {}
    for role, vals in values.items():
        try:
            arr = pa.array(vals)
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            raise LogError([LogProblem(label, 0, getattr(columns, role), "mixed types in one column: "
                                       + ", ".join(sorted({type(v).__name__ for v in vals})))]) from None
        if role not in ("timestamp", "start_timestamp") and not pa.types.is_string(arr.type):
            arr = arr.cast(pa.string())
        arrays[role] = arr
    return RawLog(label, columns, arrays or {"case": None}, line_of=lambda i: i + 1)


def _reason(exc: Exception) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
