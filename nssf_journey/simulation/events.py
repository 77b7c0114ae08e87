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

CSV is always available; Parquet needs ``pyarrow``, which is not a dependency of this package.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..output.atomic import replacing
from .results import SimulationResult

FORMATS: tuple[str, ...] = (".csv", ".parquet")
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%f"


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
