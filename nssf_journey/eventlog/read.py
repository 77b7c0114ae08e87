"""Read an event log from a file (CSV, Parquet, XES) or a database into an :class:`EventLog`."""

from __future__ import annotations

import os
from pathlib import Path

from .columns import Columns
from .errors import LogError, LogProblem
from .raw import finish
from .table import EventLog

SUFFIXES: tuple[str, ...] = (".csv", ".parquet", ".xes", ".xes.gz")


def log_format(path: str) -> str | None:
    """``"csv"``, ``"parquet"`` or ``"xes"`` from a file name; ``None`` for anything else.

    >>> log_format("BPI_Challenge_2012.xes.gz"), log_format("x.txt")
    ('xes', None)
    """
    name = path.lower()
    for suffix, fmt in ((".xes.gz", "xes"), (".xes", "xes"), (".csv", "csv"), (".parquet", "parquet")):
        if name.endswith(suffix):
            return fmt
    return None


def read_log(path: str | os.PathLike[str] | None = None, *, case: str | None = None, activity: str | None = None,
             timestamp: str | None = None, start_timestamp: str | None = None, resource: str | None = None,
             lifecycle: str = "auto", db: str | None = None, query: str | None = None,
             table: str | None = None, read_resource: bool = True, timestamp_format: str | None = None) -> EventLog:
    """Read an event log.

    Parameters
    ----------
    path : str, optional
        A ``.csv``, ``.parquet``, ``.xes`` or ``.xes.gz`` file (or give ``db``).
    case, activity, timestamp, start_timestamp, resource : str, optional
        Column names, by default the process-mining ones (``case:concept:name``, ``concept:name``,
        ``time:timestamp``, ``start_timestamp``, ``org:resource``). A start timestamp or resource named here must
        exist; the default ones are used when present.
    lifecycle : {"auto", "pair", "complete", "all"}
        With ``lifecycle:transition`` start and complete events: pair them into activity instances (``auto``
        does when the log has start events), keep only complete events, or keep every event as it is.
    db, query, table : str, optional
        A SQLAlchemy database URL and a query or table name, instead of ``path``.
    timestamp_format : str, optional
        A ``strptime`` format for text timestamps that are not ISO 8601, e.g. ``"%d/%m/%Y %H:%M"`` (with ``%z``
        at the end for a zone offset).
    read_resource : bool
        Read the resource column (``False`` skips it when nothing will use it, as in a summary).

    Raises
    ------
    LogError
        Every problem found, located at the file and line (a missing column, an unparseable timestamp, ...).

    Examples
    --------
    >>> import tempfile, os
    >>> folder = tempfile.mkdtemp()
    >>> path = os.path.join(folder, "log.csv")
    >>> _ = open(path, "w").write("case:concept:name,concept:name,time:timestamp\\n"
    ...                           "1,register,2024-01-01 09:00\\n1,decide,2024-01-02 09:00\\n")
    >>> log = read_log(path)
    >>> len(log), log.n_cases, log.activities, log.naive
    (2, 1, ['register', 'decide'], True)
    """
    explicit = frozenset(n for n in (start_timestamp, resource) if n)
    columns = Columns(case=case or Columns.case, activity=activity or Columns.activity,
                      timestamp=timestamp or Columns.timestamp,
                      start_timestamp=start_timestamp or Columns.start_timestamp,
                      resource=(resource or Columns.resource) if read_resource or resource else "",
                      required_optional=explicit, timestamp_format=timestamp_format)
    if db is not None:
        from .database import read_database

        return finish(read_database(db, columns, query=query, table=table), lifecycle)
    if path is None:
        raise ValueError("give a log file or a database (db=...)")
    file = str(path)
    fmt = log_format(file)
    if fmt is None:
        raise LogError([LogProblem(file, 0, "", "not an event log file: expected a name ending in "
                                   + ", ".join(SUFFIXES))])
    if Path(file).is_dir():
        raise LogError([LogProblem(file, 0, "", "is a folder, expected an event log file")])
    if not Path(file).exists():
        raise LogError([LogProblem(file, 0, "", "no such file")])
    if fmt == "csv":
        from .csv_reader import read_csv

        raw = read_csv(file, columns)
    elif fmt == "parquet":
        from .parquet_reader import read_parquet

        raw = read_parquet(file, columns)
    else:
        from .xes import read_xes

        raw = read_xes(file, columns)
    return finish(raw, lifecycle)
