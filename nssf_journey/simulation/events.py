"""Writing the simulated event log for process-mining tools.

One row per step executed by a case, with the column names PM4Py, Disco and Celonis recognise:
``case:concept:name`` (the case number), ``concept:name`` (the step's name; with its id in brackets when two
steps share a name), ``start_timestamp`` and
``time:timestamp`` (when the step's active time started and ended; for a queued step, when service started and
ended), ``org:resource`` (the resource the step queues for, else the actor) and ``lifecycle:transition``
(``complete``, or ``ate_abort`` for a case that left a queue: that row spans its time in the queue), and
``outcome``: the outcome id on the row of the step that ends the case, empty on the others, so that ``nssf-journey
discover`` reads the log back with the journey's outcomes.
Timestamps are calendar times from ``arrivals.start`` (a Monday when a journey has no arrivals; in Monte Carlo
every case starts then), written as ISO 8601 without a time zone.

:class:`EventWriter` writes the log while the simulation runs, a block of rows at a time (CSV appended, Parquet
as row groups), so a run of millions of cases never holds its log: within a block rows are ordered by case and
start; a case's rows are in time order through the file, but when a queueing run serves a case in a later block
than the one in which it arrived, its rows are not all next to each other (sort by case and start time if a
tool needs them together). :func:`write_events` writes a log kept in memory, ordered by case and start.

CSV is always available; Parquet needs ``pyarrow``, which is not a dependency of this package.
"""

from __future__ import annotations

import datetime as dt
import os
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import numpy as np

from ..model import DEFAULT_CALENDAR_START, Journey
from ..output.atomic import replacing
from .results import (ACTIVITY_COLUMN, CASE_COLUMN, END_COLUMN, LIFECYCLE_COLUMN, OUTCOME_COLUMN, RESOURCE_COLUMN,
                      START_COLUMN, EventLog, SimulationResult, event_frame)

FORMATS: tuple[str, ...] = (".csv", ".parquet")
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"
#: Rows turned into a DataFrame and written at once by :class:`EventWriter`.
WRITE_ROWS = 50_000


def events_format(path: str | os.PathLike[str]) -> str:
    """``"csv"`` or ``"parquet"`` from the file name; ``ValueError`` for another suffix or missing pyarrow.

    >>> events_format("log.csv")
    'csv'
    """
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"expected a .csv or .parquet file name, got '{path}'")
    if suffix == ".parquet":
        try:
            import pyarrow  # noqa: F401
        except ImportError:
            raise ValueError("writing Parquet needs pyarrow (pip install pyarrow); or write a .csv file") from None
    return suffix[1:]


def write_events(result: SimulationResult, path: str | os.PathLike[str]) -> int:
    """Write the event log of ``result`` to ``path`` (.csv or .parquet) atomically; return the number of rows.

    Raises ``ValueError`` (bad suffix, no pyarrow, no event log kept) or ``OSError`` (cannot write).
    """
    fmt = events_format(path)
    frame = result.events()
    with replacing(path) as tmp:
        if fmt == "csv":
            frame.to_csv(tmp, index=False, date_format=TIMESTAMP_FORMAT)
        else:
            frame.to_parquet(tmp, index=False)
    return len(frame)


def calendar_origin(journey: Journey) -> dt.datetime:
    """The instant clock time 0 of a simulation of ``journey`` stands for: ``arrivals.start``, else a Monday."""
    return journey.arrivals.start if journey.arrivals is not None else DEFAULT_CALENDAR_START


class EventWriter:
    """An event sink that writes the log of a simulation of ``journey`` to ``path`` (.csv or .parquet) as it comes,
    atomically: the file appears, whole, when the ``with`` block ends without error.

    Use it as the ``events`` argument of :func:`~nssf_journey.simulation.simulate`; :attr:`rows` counts the rows
    written. Raises ``ValueError`` for a bad suffix or missing pyarrow, ``OSError`` when it cannot write.

    >>> import tempfile, pandas as pd
    >>> from nssf_journey.examples import rework
    >>> from nssf_journey.simulation import simulate
    >>> path = Path(tempfile.mkdtemp()) / "log.csv"
    >>> with EventWriter(rework(), path) as writer:
    ...     r = simulate(rework(), 100, seed=1, events=writer)
    >>> writer.rows == len(pd.read_csv(path)), r.event_log is None
    (True, True)
    """

    def __init__(self, journey: Journey, path: str | os.PathLike[str]) -> None:
        self.format = events_format(path)
        self.journey = journey
        self.path = path
        self.origin = calendar_origin(journey)
        self.rows = 0
        self._stack = ExitStack()
        self._out: Any = None

    def __enter__(self) -> EventWriter:
        tmp = self._stack.enter_context(replacing(self.path))
        if self.format == "csv":
            self._out = self._stack.enter_context(open(tmp, "w", newline="", encoding="utf-8"))
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            text, stamp = pa.string(), pa.timestamp("ns")
            self._schema = pa.schema([(CASE_COLUMN, pa.int64()), (ACTIVITY_COLUMN, text), (START_COLUMN, stamp),
                                      (END_COLUMN, stamp), (RESOURCE_COLUMN, text), (LIFECYCLE_COLUMN, text),
                                      (OUTCOME_COLUMN, text)])
            self._out = self._stack.enter_context(pq.ParquetWriter(tmp, self._schema))
        return self

    def __call__(self, log: EventLog) -> None:
        """Write one block of rows, ordered by case and start, :data:`WRITE_ROWS` at a time (a DataFrame of text
        columns costs some 500 bytes a row)."""
        order = np.lexsort((log.start, log.case))
        for lo in range(0, order.size, WRITE_ROWS):
            at = order[lo:lo + WRITE_ROWS]
            frame = event_frame(self.journey, self.origin, EventLog(*(x[at] for x in (log.case, log.step, log.start,
                                                                                      log.end, log.aborted))))
            if self.format == "csv":
                frame.to_csv(self._out, header=self.rows == 0, index=False, date_format=TIMESTAMP_FORMAT)
            else:
                import pyarrow as pa

                self._out.write_table(pa.Table.from_pandas(frame, schema=self._schema, preserve_index=False))
            self.rows += len(frame)

    def __exit__(self, *exc: object) -> None:
        if exc[0] is None and self.rows == 0 and self.format == "csv":
            frame = event_frame(self.journey, self.origin, EventLog(*(x[:0] for x in _EMPTY)))
            frame.to_csv(self._out, index=False)
        self._stack.__exit__(*exc)


_EMPTY = tuple(np.empty(0, dtype=t) for t in ("int64", "int32", "float64", "float64", "bool"))
