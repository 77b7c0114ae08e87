"""The event log as one table: a row per event (or per activity instance), in the order of each case.

:class:`EventLog` holds the standard process-mining columns, whatever the source called them: the case
(``case:concept:name``) and activity (``concept:name``) as integer codes into their names, when each event
completed (``time:timestamp``) and, when known, when its activity started (``start_timestamp``) and who did it
(``org:resource``). Rows are sorted by case, then by completion time, then by their order in the source: the order
PM4Py gives a log after ``format_dataframe``, so that variants, start and end activities and case durations are
PM4Py's. :attr:`EventLog.frame` gives the same table as a pandas DataFrame with categorical columns.

Codes keep ten million events in a few hundred megabytes: a case id or an activity name is stored once, and each
event holds small integers; no Python object is made per event, and pandas is not imported to summarise.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from .arrow import null_mask, to_numpy
from .columns import ACTIVITY, CASE, RESOURCE, START_TIMESTAMP, TIMESTAMP
from .errors import LogError, LogProblem
from .timestamps import Instants


@dataclass(frozen=True)
class EventLog:
    """An event log read by :func:`~nssf_journey.eventlog.read_log`.

    Attributes
    ----------
    case_codes, activity_codes : ndarray of int32
        Per row, the index of its case in ``case_names`` and of its activity in ``activities``.
    case_names, activities : list of str
        Case ids and activity names, in order of first appearance in the source.
    end_ns : ndarray of int64
        Completion times, nanoseconds since 1970 (UTC; local wall-clock time when ``naive``).
    start : ndarray of int64, optional
        Start times (an interval log, or paired start and complete events); ``None`` when unknown.
    resource_codes, resources : optional
        Per row, the index of its resource in ``resources`` (-1: none recorded).
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
    outcome_codes, outcomes : optional
        Per row, the index of its mark in ``outcomes`` (-1: none): the outcome id that a simulated log writes on
        the event of the step that ends its case (column ``outcome``).
    """

    case_codes: np.ndarray
    case_names: list[str]
    activity_codes: np.ndarray
    activities: list[str]
    end_ns: np.ndarray
    source: str
    start: np.ndarray | None = field(default=None, repr=False)
    resource_codes: np.ndarray | None = field(default=None, repr=False)
    resources: list[str] | None = field(default=None, repr=False)
    naive: bool = False
    offsets: np.ndarray | None = field(default=None, repr=False)
    zone: str | None = None
    notes: tuple[str, ...] = ()
    outcome_codes: np.ndarray | None = field(default=None, repr=False)
    outcomes: list[str] | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return int(self.case_codes.size)

    @property
    def has_start(self) -> bool:
        """Whether each event knows when its activity started (an interval log), so active time is measured."""
        return self.start is not None

    @property
    def has_resource(self) -> bool:
        return self.resource_codes is not None

    @property
    def n_cases(self) -> int:
        return len(self.case_names)

    @property
    def start_ns(self) -> np.ndarray:
        """Start times (the completion time where the log has none)."""
        return self.start if self.start is not None else self.end_ns

    @cached_property
    def frame(self) -> Any:
        """The log as a pandas DataFrame with the standard column names (categorical case, activity, resource)."""
        import pandas as pd

        def times(ns: np.ndarray) -> Any:
            values = pd.DatetimeIndex(ns.view("datetime64[ns]"))
            return values if self.naive else values.tz_localize("UTC")

        def cat(codes: np.ndarray, names: list[str]) -> Any:
            return pd.Categorical.from_codes(codes, categories=pd.Index(names, dtype=object), validate=False)

        data: dict[str, Any] = {CASE: cat(self.case_codes, self.case_names),
                                ACTIVITY: cat(self.activity_codes, self.activities), TIMESTAMP: times(self.end_ns)}
        if self.start is not None:
            data[START_TIMESTAMP] = times(self.start)
        if self.resource_codes is not None:
            data[RESOURCE] = cat(self.resource_codes, self.resources or [])
        return pd.DataFrame(data, copy=False)

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
        return _datetime(int(self.start_ns.min())), _datetime(int(self.end_ns.max()))


def _datetime(ns: int) -> dt.datetime:
    return dt.datetime(1970, 1, 1) + dt.timedelta(microseconds=ns // 1000)


def encode(arr: Any) -> tuple[np.ndarray, list[str]]:
    """Integer codes (-1 for a missing value) and the names they index, from a pyarrow array; names that no row
    uses are dropped. No Python string is made per row."""
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
    codes = to_numpy(arr.indices).astype(np.int32)
    if arr.null_count:
        codes = np.where(null_mask(arr), np.int32(-1), codes)
    names = dictionary.to_pylist()
    used = np.bincount(codes[codes >= 0], minlength=len(names)) > 0
    if not used.all():
        remap = np.cumsum(used, dtype=np.int32) - 1
        codes = np.where(codes >= 0, remap[np.maximum(codes, 0)], np.int32(-1)).astype(np.int32)
        names = [n for n, u in zip(names, used.tolist()) if u]
    return codes, names


def assemble(file: str, *, case: Any, activity: Any, end: Instants, start: Instants | None = None,
             resource: Any = None, outcome: Any = None, line_of: Any = None, notes: tuple[str, ...] = (),
             names: tuple[str, str] = (CASE, ACTIVITY)) -> EventLog:
    """Build the :class:`EventLog` from columns (pyarrow arrays and parsed timestamps), sorted in case order.

    Rows without a case id or an activity are errors, as are events that complete before they start.
    """
    n = len(end.ns)
    if n == 0:
        raise LogError([LogProblem(file, 0, "", "the log has no events")])
    where = line_of or (lambda i: i + 2)
    case_codes, case_names = encode(case)
    act_codes, act_names = encode(activity)
    for codes, name in ((case_codes, names[0]), (act_codes, names[1])):
        missing = np.flatnonzero(codes < 0)
        if missing.size:
            raise LogError([LogProblem(file, where(int(i)), name, "empty; every event needs a case and an activity")
                            for i in missing[:10]])
    if start is not None:
        if start.naive != end.naive:
            raise LogError([LogProblem(file, 0, START_TIMESTAMP, "mixed time zones: start times and completion times"
                                       " must both carry a zone offset, or neither")])
        late = np.flatnonzero(start.ns > end.ns)
        if late.size:
            raise LogError([LogProblem(file, where(int(i)), START_TIMESTAMP, "the activity starts after it completes")
                            for i in late[:10]])
    order = np.lexsort((np.arange(n), end.ns, case_codes))
    res_codes = res_names = None
    if resource is not None:
        res_codes, res_names = encode(resource)
        res_codes = res_codes[order]
    out_codes = out_names = None
    if outcome is not None:
        out_codes, out_names = encode(outcome)
        out_codes = out_codes[order]
    offsets = end.offsets
    if start is not None and start.offsets is not None:
        offsets = start.offsets
    return EventLog(case_codes=case_codes[order], case_names=case_names, activity_codes=act_codes[order],
                    activities=act_names, end_ns=end.ns[order], source=file,
                    start=start.ns[order] if start is not None else None, resource_codes=res_codes,
                    resources=res_names, naive=end.naive, offsets=offsets[order] if offsets is not None else None,
                    zone=end.zone, notes=notes, outcome_codes=out_codes, outcomes=out_names)
