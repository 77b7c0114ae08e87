"""Arrow arrays to NumPy and Python lists to Arrow, without importing pandas.

PyArrow imports pandas (0.3-0.5 s) the first time ``Array.to_numpy`` or ``pa.array`` meets a value it might be a
pandas object; summarising a log needs neither. These helpers read Arrow's buffers directly (zero copy for
numbers) and build string arrays with Arrow's own CSV reader.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def to_numpy(arr: Any) -> np.ndarray:
    """A NumPy copy or view of a fixed-width Arrow array (integers, floats, timestamps, booleans) without nulls.

    >>> import pyarrow as pa
    >>> to_numpy(pa.array([1, 2, 3]).slice(1)).tolist(), to_numpy(pa.array([True, False, True])).tolist()
    ([2, 3], [True, False, True])
    """
    import pyarrow as pa

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    n, offset = len(arr), arr.offset
    data = arr.buffers()[1]
    if pa.types.is_boolean(arr.type):
        if data is None:
            return np.zeros(n, bool)
        bits = np.unpackbits(np.frombuffer(data, dtype=np.uint8), bitorder="little")
        return bits[offset:offset + n].astype(bool)
    t = arr.type
    if pa.types.is_timestamp(t) or pa.types.is_date64(t) or pa.types.is_duration(t):
        dtype = np.dtype(np.int64)
    elif pa.types.is_date32(t):
        dtype = np.dtype(np.int32)
    elif pa.types.is_integer(t):
        dtype = np.dtype(f"{'i' if pa.types.is_signed_integer(t) else 'u'}{t.bit_width // 8}")
    elif pa.types.is_floating(t):
        dtype = np.dtype(f"f{t.bit_width // 8}")
    else:
        raise TypeError(f"no NumPy view of a {t} array")
    if data is None:
        return np.zeros(n, dtype)
    return np.frombuffer(data, dtype=dtype, count=n, offset=offset * dtype.itemsize)


def matches(arr: Any, accept: Any) -> np.ndarray:
    """True where the string in ``arr`` satisfies ``accept(text)`` (nulls: False), deciding once per distinct value.

    Comparing with a Python string in Arrow would import pandas; a log has few distinct values where this is used
    (lifecycle transitions, zone signs).

    >>> matches(strings(["start", "complete", None, "START"]), lambda v: v.lower() == "start").tolist()
    [True, False, False, True]
    """
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(arr)
    ok = np.array([bool(accept(v)) for v in encoded.dictionary.to_pylist()] + [False])
    codes = to_numpy(encoded.indices).astype(np.int64)
    if encoded.null_count:
        codes = np.where(null_mask(encoded), len(ok) - 1, codes)
    return ok[codes]


def null_mask(arr: Any) -> np.ndarray:
    """True where ``arr`` has no value."""
    if arr.null_count == 0:
        return np.zeros(len(arr), bool)
    return to_numpy(arr.is_null())


def from_numpy(values: np.ndarray) -> Any:
    """A pyarrow array viewing a NumPy array of integers (for ``take``).

    >>> from_numpy(np.array([2, 0])).to_pylist()
    [2, 0]
    """
    import pyarrow as pa

    values = np.ascontiguousarray(values, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), values.size, [None, pa.py_buffer(values)])


def strings(values: list) -> Any:
    """A pyarrow string array of Python strings (``None`` and ``""`` become nulls), read by Arrow's CSV parser.

    >>> strings(["a", None, "b"]).to_pylist()
    ['a', None, 'b']
    """
    import pyarrow as pa
    from pyarrow import csv as pacsv

    text = "\n".join("" if v is None else v for v in values)
    if text.count("\n") != len(values) - 1 or "\r" in text or "\x1f" in text or not values:
        return pa.array([v if v else None for v in values], type=pa.string())  # line breaks inside values: rare
    table = pacsv.read_csv(
        pa.py_buffer(("v\n" + text + "\n").encode("utf-8")),
        read_options=pacsv.ReadOptions(use_threads=True, block_size=1 << 24),
        parse_options=pacsv.ParseOptions(delimiter="\x1f", quote_char=False, newlines_in_values=False,
                                         ignore_empty_lines=False),
        convert_options=pacsv.ConvertOptions(column_types={"v": pa.string()}, strings_can_be_null=True,
                                             null_values=[""]))
    return table.column("v").combine_chunks()
