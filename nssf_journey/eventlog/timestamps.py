"""Dates and times of events: ISO 8601 text or typed columns, to nanoseconds on one time line.

Text is parsed with Arrow's ISO 8601 parser (``2011-10-11 13:45:40.276+02:00``, ``2010-12-30T14:32:00Z``,
``2015-01-05 09:02:50``). A timestamp with a zone offset is placed on UTC, and its offset is kept so that hours
and weekdays can be read in the local time of the place where it was written (receipt.csv switches between
+01:00 and +02:00 with summer time). A log whose timestamps carry no zone is taken as local time and the
summary says so. A column that mixes the two is an error: the gaps between its events would be wrong by hours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from .arrow import matches, null_mask, to_numpy
from .errors import LogError, LogProblem

EXAMPLE = "a date and time such as 2011-10-11 13:45:40+02:00"
#: Unparseable values reported before the rest are counted.
MAX_REPORTED = 10


@dataclass(frozen=True)
class Instants:
    """Parsed timestamps: nanoseconds (UTC, or local wall-clock when ``naive``) and zone offsets in minutes."""

    ns: np.ndarray
    naive: bool
    offsets: np.ndarray | None = None
    zone: str | None = None


def _cast(arr: Any, aware: bool) -> Any:
    import pyarrow as pa

    return arr.cast(pa.timestamp("ns", tz="UTC") if aware else pa.timestamp("ns"))


def _parses(arr: Any, aware: bool) -> bool:
    try:
        _cast(arr, aware)
        return True
    except Exception:  # noqa: BLE001 - Arrow raises ArrowInvalid or ArrowNotImplementedError
        return False


def _first_bad(arr: Any, aware: bool) -> int:
    """Index of the first value of ``arr`` that does not parse (``arr`` has at least one), by bisection."""
    lo, hi = 0, len(arr)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _parses(arr.slice(lo, mid - lo), aware):
            lo = mid
        else:
            hi = mid
    return lo


def parse_text(arr: Any, *, file: str, field: str, line_of: Callable[[int], int], fmt: str | None = None) -> Instants:
    """Parse a pyarrow string array; every bad value (up to :data:`MAX_REPORTED`) is reported with its line.

    ``fmt`` is a ``strptime`` format for exports that do not write ISO 8601 (``%d/%m/%Y %H:%M``); with ``%z`` the
    timestamps carry their offset."""
    import pyarrow.compute as pc

    if arr.null_count:
        missing = np.flatnonzero(null_mask(arr))
        raise LogError([LogProblem(file, line_of(int(i)), field, f"no timestamp; expected {EXAMPLE}")
                        for i in missing[:MAX_REPORTED]] + _more(file, missing.size, "rows without a timestamp"))
    arr = pc.utf8_trim_whitespace(arr)
    if fmt:
        return _parse_format(arr, fmt, file=file, field=field, line_of=line_of)
    for aware in (True, False):
        try:
            ns = _cast(arr, aware)
        except Exception:  # noqa: BLE001
            continue
        offsets = _offsets(arr) if aware else None
        return Instants(to_numpy(ns).copy(), naive=not aware, offsets=offsets)
    # Neither all with a zone nor all without: find the values that are neither, or the mix.
    bad: list[LogProblem] = []
    at, rest, count = 0, arr, 0
    while len(rest) and not _parses(rest, True):
        i = _first_bad(rest, True)
        value = rest[i].as_py()
        if not _parses(rest.slice(i, 1), False):
            count += 1
            if len(bad) < MAX_REPORTED:
                bad.append(LogProblem(file, line_of(at + i), field, f"expected {EXAMPLE}, got {value!r}"))
        elif not bad and _parses(arr.slice(0, at + i), True) and at + i > 0:
            first = arr[0].as_py()
            raise LogError([LogProblem(
                file, line_of(at + i), field,
                f"mixed time zones: {value!r} has no zone offset but {first!r} (line {line_of(0)}) has one;"
                " write every timestamp with its offset, or none")])
        at += i + 1
        rest = arr.slice(at)
    if not bad:  # every value parses one way or the other: a mix of zoned and unzoned timestamps
        zoned = next(i for i in range(len(arr)) if _parses(arr.slice(i, 1), True))
        plain = next(i for i in range(len(arr)) if not _parses(arr.slice(i, 1), True))
        raise LogError([LogProblem(
            file, line_of(max(zoned, plain)), field,
            f"mixed time zones: {arr[plain].as_py()!r} (line {line_of(plain)}) has no zone offset but"
            f" {arr[zoned].as_py()!r} (line {line_of(zoned)}) has one; write every timestamp with its offset, or none")])
    raise LogError(bad + _more(file, count, "rows with unparseable timestamps"))


def _parse_format(arr: Any, fmt: str, *, file: str, field: str, line_of: Callable[[int], int]) -> Instants:
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        out = pc.strptime(arr, format=fmt, unit="ns", error_is_null=True)
    except Exception as exc:  # noqa: BLE001 - Arrow rejects a format it cannot use
        raise LogError([LogProblem(file, 0, field, f"cannot use the timestamp format {fmt!r}: {exc}")]) from None
    bad = np.flatnonzero(null_mask(out))
    # Arrow's strptime is lenient (31/02 becomes 03/03): values that do not print back the same are checked with
    # Python's strict strptime.
    import datetime as dt

    printed = pc.strftime(out.cast(pa.timestamp("ns")) if out.type.tz else out, format=fmt.replace("%z", ""))
    same = pc.equal(printed, arr)
    differ = np.flatnonzero(~to_numpy(same) & ~null_mask(same))
    if "%z" not in fmt and differ.size:
        strict = []
        for i in differ.tolist():
            try:
                dt.datetime.strptime(arr[i].as_py(), fmt)
            except ValueError:
                strict.append(i)
        bad = np.union1d(bad, np.asarray(strict, dtype=np.int64))
    if bad.size:
        raise LogError([LogProblem(file, line_of(int(i)), field, f"expected a date and time in the format {fmt!r},"
                                   f" got {arr[int(i)].as_py()!r}") for i in bad[:MAX_REPORTED]]
                       + _more(file, bad.size, "rows with unparseable timestamps"))
    aware = out.type.tz is not None
    return Instants(to_numpy(out).copy(), naive=not aware, offsets=_offsets(arr) if aware else None)


def _more(file: str, count: int, what: str) -> list[LogProblem]:
    return [LogProblem(file, 0, "", f"... {count - MAX_REPORTED} more {what}")] if count > MAX_REPORTED else []


def _offsets(arr: Any) -> np.ndarray:
    """Zone offsets in minutes of ISO 8601 strings (``Z`` is 0)."""
    import pyarrow.compute as pc

    import pyarrow as pa

    parts = pc.extract_regex(arr, r"(?P<sign>[+-])(?P<hh>\d{2}):?(?P<mm>\d{2})$")
    hh, mm = (parts.field(k).cast(pa.int16()) for k in ("hh", "mm"))
    zulu = null_mask(hh)  # no offset: "Z"
    minutes = np.where(zulu, 0, to_numpy(hh).astype(np.int32) * 60 + to_numpy(mm))
    minus = matches(parts.field("sign"), lambda v: v == "-")
    return np.where(minus, -minutes, minutes).astype(np.int16)


def parse_typed(arr: Any, *, file: str, field: str, line_of: Callable[[int], int], fmt: str | None = None) -> Instants:
    """Timestamps from a typed column (Parquet, a database): timestamps, dates, or text (parsed with ``fmt``)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    t = arr.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return parse_text(arr.cast(pa.string()), file=file, field=field, line_of=line_of, fmt=fmt)
    if pa.types.is_date(t):
        arr = arr.cast(pa.timestamp("ns"))
        t = arr.type
    if not pa.types.is_timestamp(t):
        raise LogError([LogProblem(file, 0, field, f"expected dates and times, got a column of {t}")])
    if arr.null_count:
        i = int(np.flatnonzero(null_mask(arr))[0])
        raise LogError([LogProblem(file, line_of(i), field, f"no timestamp; expected {EXAMPLE}")])
    zone = t.tz
    ns = to_numpy(pc.cast(arr, pa.timestamp("ns", tz=zone) if zone else pa.timestamp("ns"))).copy()
    return Instants(ns, naive=zone is None, zone=zone)
