"""What every reader hands over: the log's columns by role, before timestamps are parsed and rows sorted.

A reader (CSV, Parquet, XES, a database) only finds the columns and locates rows; :func:`finish` does the rest
the same way for every source: parse timestamps, apply the lifecycle rule, and build the
:class:`~nssf_journey.eventlog.table.EventLog`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

import numpy as np

from .arrow import from_numpy
from .columns import Columns
from .errors import LogError, LogProblem
from .lifecycle import select
from .table import EventLog, assemble
from .timestamps import Instants, parse_text, parse_typed

ROLES: tuple[str, ...] = ("case", "activity", "timestamp", "start_timestamp", "resource", "lifecycle", "outcome")


@dataclass
class RawLog:
    """Columns by role (pyarrow arrays; ``None`` when the log has no such column) and how rows map to lines."""

    file: str
    columns: Columns
    arrays: dict[str, Any]
    line_of: Callable[[int], int] = field(default=lambda i: i + 2)
    #: Timestamps are parsed per batch by the reader already (CSV streams them).
    parsed: dict[str, Instants] = field(default_factory=dict)


def check_columns(file: str, columns: Columns, present: list[str], line: int = 1) -> None:
    """Raise one problem per required (or explicitly named) column that is missing."""
    from .columns import missing_column_message

    roles = {"case": columns.case, "activity": columns.activity, "timestamp": columns.timestamp}
    for role in ("start_timestamp", "resource", "lifecycle"):
        name = getattr(columns, role)
        if name in columns.required_optional:
            roles[role] = name
    problems = [LogProblem(file, line, name, missing_column_message(name, role.replace("_", " "), present))
                for role, name in roles.items() if name not in present]
    if problems:
        raise LogError(problems)


def collect(file: str, columns: Columns, names: dict[str, str], batches: Iterable[Any], first_line: int) -> RawLog:
    """Read record batches one at a time: dictionary-encode the text columns and parse the timestamps of each
    batch before the next, so that memory holds codes and numbers, never the whole text of a large log."""
    import pyarrow as pa
    import pyarrow.compute as pc

    chunks: dict[str, list] = {role: [] for role in names if role not in _TIMES}
    times: dict[str, list[Instants]] = {role: [] for role in _TIMES if role in names}
    done = 0
    for batch in batches:
        for role, name in names.items():
            col = batch.column(name)
            if role in times:
                line_of = (lambda i, d=done: d + i + first_line)
                times[role].append(_parse(col, file=file, field=name, line_of=line_of, fmt=columns.timestamp_format))
            else:
                if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)
                        or pa.types.is_dictionary(col.type)):
                    col = col.cast(pa.string())
                chunks[role].append(col if pa.types.is_dictionary(col.type) else pc.dictionary_encode(col))
        done += batch.num_rows
    if not done:
        return RawLog(file, columns, {"case": None})
    table = pa.table({role: pa.chunked_array(c) for role, c in chunks.items()}).unify_dictionaries()
    arrays = {role: table.column(role).combine_chunks() for role in chunks}
    parsed = {role: _concat(file, getattr(columns, role), parts) for role, parts in times.items()}
    return RawLog(file, columns, arrays, line_of=lambda i: i + first_line, parsed=parsed)


_TIMES = ("timestamp", "start_timestamp")


def _parse(col: Any, *, file: str, field: str, line_of: Callable[[int], int], fmt: str | None) -> Instants:
    import pyarrow as pa

    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        return parse_text(col.cast(pa.string()), file=file, field=field, line_of=line_of, fmt=fmt)
    return parse_typed(col, file=file, field=field, line_of=line_of, fmt=fmt)


def _concat(file: str, name: str, parts: list[Instants]) -> Instants:
    naive = {p.naive for p in parts}
    if len(naive) > 1:
        raise LogError([LogProblem(file, 0, name, "mixed time zones: some timestamps have a zone offset and others"
                                   " not; write every timestamp with its offset, or none")])
    offsets = [p.offsets for p in parts]
    return Instants(np.concatenate([p.ns for p in parts]), parts[0].naive,
                    np.concatenate(offsets) if all(o is not None for o in offsets) else None, parts[0].zone)


def instants(raw: RawLog, role: str) -> Instants | None:
    if role in raw.parsed:
        return raw.parsed[role]
    arr = raw.arrays.get(role)
    if arr is None:
        return None
    import pyarrow as pa

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    name = getattr(raw.columns, role)
    fmt = raw.columns.timestamp_format
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        return parse_text(arr.cast(pa.string()), file=raw.file, field=name, line_of=raw.line_of, fmt=fmt)
    return parse_typed(arr, file=raw.file, field=name, line_of=raw.line_of, fmt=fmt)


def finish(raw: RawLog, lifecycle: str = "auto") -> EventLog:
    """Parse, select and sort: the :class:`EventLog` of a reader's columns."""

    a = raw.arrays
    if a.get("case") is None or len(a["case"]) == 0:
        raise LogError([LogProblem(raw.file, 0, "", "the log has no events")])
    end = instants(raw, "timestamp")
    start = instants(raw, "start_timestamp")
    sel = select(a.get("lifecycle"), a["case"], a["activity"], end.ns, lifecycle)
    line_of = raw.line_of
    case, activity, resource, outcome = a["case"], a["activity"], a.get("resource"), a.get("outcome")
    if sel.rows is not None:
        rows = sel.rows
        take = from_numpy(rows)
        case, activity = case.take(take), activity.take(take)
        resource = resource.take(take) if resource is not None else None
        outcome = outcome.take(take) if outcome is not None else None
        end = _take(end, rows)
        start = _take(start, rows) if start is not None else None
        line_of = (lambda i, f=raw.line_of, r=rows: f(int(r[i])))
        if len(rows) == 0:
            raise LogError([LogProblem(raw.file, 0, raw.columns.lifecycle,
                                       "no complete events: the lifecycle rule leaves nothing to summarise")])
    if sel.start_ns is not None:
        start = Instants(sel.start_ns, end.naive, end.offsets, end.zone)
    return assemble(raw.file, case=case, activity=activity, end=end, start=start, resource=resource, outcome=outcome,
                    line_of=line_of, notes=sel.notes, names=(raw.columns.case, raw.columns.activity))


def _take(x: Instants, rows: np.ndarray) -> Instants:
    return Instants(x.ns[rows], x.naive, x.offsets[rows] if x.offsets is not None else None, x.zone)
