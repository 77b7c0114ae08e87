"""The event log as one table: a row per event (or per activity instance), in the order of each case.

:class:`EventLog` holds a pandas DataFrame with the standard process-mining columns, whatever the source called
them: ``case:concept:name`` and ``concept:name`` (categorical), ``time:timestamp`` (when the event completed)
and, when known, ``start_timestamp`` (when the activity started) and ``org:resource``. Rows are sorted by case,
then by completion time, then by their order in the source: the order PM4Py gives a log after
``format_dataframe``, so that variants, start and end activities and case durations are PM4Py's.

Categorical columns keep ten million events in a few hundred megabytes: a case id or an activity name is stored
once, and each event holds a small integer code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .columns import ACTIVITY, CASE, RESOURCE, START_TIMESTAMP, TIMESTAMP
from .errors import LogError, LogProblem
from .timestamps import Instants


@dataclass(frozen=True)
class EventLog:
    """An event log read by :func:`~nssf_journey.eventlog.read_log`.

    Attributes
    ----------
    frame : pandas.DataFrame
        The events with the standard columns, sorted by case, completion time and source order.
    source : str
        The file (or database) it was read from.
    naive : bool
        The timestamps carried no time zone and were taken as local time.
    offsets : ndarray of int16, optional
        Per row, the zone offset in minutes the timestamp was written with (text with offsets only).
    zone : str, optional
        The time zone of a typed timestamp column (Parquet, a database).
    notes : tuple of str
        What reading did that a user should know: events left out, start and complete events paired.
    """

    frame: Any
    source: str
    naive: bool = False
    offsets: np.ndarray | None = field(default=None, repr=False)
    zone: str | None = None
    notes: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.frame)

    @property
    def has_start(self) -> bool:
        """Whether each event knows when its activity started (an interval log), so active time is measured."""
        return START_TIMESTAMP in self.frame.columns

    @property
    def has_resource(self) -> bool:
        return RESOURCE in self.frame.columns

    @property
    def n_cases(self) -> int:
        return int(self.frame[CASE].cat.categories.size)

    @property
    def case_codes(self) -> np.ndarray:
        return self.frame[CASE].cat.codes.to_numpy()

    @property
    def activity_codes(self) -> np.ndarray:
        return self.frame[ACTIVITY].cat.codes.to_numpy()

    @property
    def activities(self) -> list[str]:
        return [str(a) for a in self.frame[ACTIVITY].cat.categories]

    @property
    def end_ns(self) -> np.ndarray:
        return _ns(self.frame[TIMESTAMP])

    @property
    def start_ns(self) -> np.ndarray:
        """Start times (the completion time where the log has none)."""
        return _ns(self.frame[START_TIMESTAMP]) if self.has_start else self.end_ns

    def local_clock(self, rows: np.ndarray) -> np.ndarray:
        """Local wall-clock times (``datetime64[ns]``) of the start of the events at ``rows``.

        Text timestamps with offsets are shown in the offset they were written with; a typed column in its time
        zone; naive timestamps as they are.
        """
        ns = self.start_ns[rows]
        if self.offsets is not None:
            ns = ns + self.offsets[rows].astype(np.int64) * 60_000_000_000
        elif self.zone:
            import pandas as pd

            local = pd.DatetimeIndex(ns.astype("datetime64[ns]")).tz_localize("UTC").tz_convert(self.zone)
            return local.tz_localize(None).to_numpy()
        return ns.astype("datetime64[ns]")

    def period(self) -> tuple[dt.datetime, dt.datetime]:
        """The first start and the last completion in the log."""
        first = int(self.start_ns.min())
        last = int(self.end_ns.max())
        return _datetime(first), _datetime(last)


def _ns(series: Any) -> np.ndarray:
    values = series.to_numpy()
    if values.dtype.kind == "M":
        return values.astype("datetime64[ns]").view(np.int64)
    return series.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy().view(np.int64)


def _datetime(ns: int) -> dt.datetime:
    return dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=ns // 1000)


def categorical(arr: Any) -> Any:
    """A pandas Categorical from a pyarrow array (dictionary-encoded or plain), without Python strings per row."""
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    if not pa.types.is_dictionary(arr.type):
        if not (pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type)):
            arr = arr.cast(pa.string())
        arr = pc.dictionary_encode(arr)
    dictionary = arr.dictionary
    if not pa.types.is_string(dictionary.type):
        dictionary = dictionary.cast(pa.string())
    codes = arr.indices.to_numpy(zero_copy_only=False)
    if arr.null_count:
        codes = np.where(arr.is_null().to_numpy(zero_copy_only=False), -1, codes)
    return pd.Categorical.from_codes(codes.astype(np.int32), categories=pd.Index(dictionary.to_pylist(), dtype=object),
                                     validate=False)


def assemble(file: str, *, case: Any, activity: Any, end: Instants, start: Instants | None = None,
             resource: Any = None, line_of: Any = None, notes: tuple[str, ...] = (),
             names: tuple[str, str] = (CASE, ACTIVITY)) -> EventLog:
    """Build the :class:`EventLog` from columns (pyarrow arrays and parsed timestamps), sorted in case order.

    Rows without a case id or an activity are errors, as are events that complete before they start.
    """
    import pandas as pd

    n = len(end.ns)
    if n == 0:
        raise LogError([LogProblem(file, 0, "", "the log has no events")])
    cases = categorical(case).remove_unused_categories()
    acts = categorical(activity).remove_unused_categories()
    for values, name in ((cases, names[0]), (acts, names[1])):
        missing = np.flatnonzero(values.codes < 0)
        if missing.size:
            where = line_of or (lambda i: i + 2)
            raise LogError([LogProblem(file, where(int(i)), name, "empty; every event needs a case and an activity")
                            for i in missing[:10]])
    if start is not None:
        if start.naive != end.naive:
            raise LogError([LogProblem(file, 0, START_TIMESTAMP, "mixed time zones: start times and completion times"
                                       " must both carry a zone offset, or neither")])
        late = np.flatnonzero(start.ns > end.ns)
        if late.size:
            where = line_of or (lambda i: i + 2)
            raise LogError([LogProblem(file, where(int(i)), START_TIMESTAMP, "the activity starts after it completes")
                            for i in late[:10]])
    codes = cases.codes
    order = np.lexsort((np.arange(n), end.ns, codes))
    data: dict[str, Any] = {
        CASE: pd.Categorical.from_codes(codes[order], categories=cases.categories, validate=False),
        ACTIVITY: pd.Categorical.from_codes(acts.codes[order], categories=acts.categories, validate=False),
        TIMESTAMP: _series(end.ns[order], end),
    }
    if start is not None:
        data[START_TIMESTAMP] = _series(start.ns[order], start)
    if resource is not None:
        res = categorical(resource).remove_unused_categories()
        data[RESOURCE] = pd.Categorical.from_codes(res.codes[order], categories=res.categories, validate=False)
    frame = pd.DataFrame(data, copy=False)
    offsets = end.offsets[order] if end.offsets is not None else None
    if start is not None and start.offsets is not None:
        offsets = start.offsets[order]
    return EventLog(frame, file, naive=end.naive, offsets=offsets, zone=end.zone, notes=notes)


def _series(ns: np.ndarray, how: Instants) -> Any:
    import pandas as pd

    values = pd.DatetimeIndex(ns.view("datetime64[ns]"))
    return values if how.naive else values.tz_localize("UTC")
