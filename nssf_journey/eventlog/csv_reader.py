"""CSV event logs, streamed in blocks with PyArrow's multi-threaded CSV reader.

Only the needed columns are read; each block's case ids, activities and resources are dictionary-encoded and its
timestamps parsed before the next block is read, so memory holds the encoded columns (a few bytes per event),
not the text of the file. A row's line is its position after the header (values with line breaks inside
quotes would shift it).
"""

from __future__ import annotations

import csv
import io

from .columns import Columns
from .errors import LogError, LogProblem
from .raw import ROLES, RawLog, check_columns
from .timestamps import Instants, parse_text

BLOCK_BYTES = 1 << 24


def _header(file: str) -> list[str]:
    try:
        with open(file, "rb") as fh:
            head = fh.read(1 << 16)
    except OSError as exc:
        raise LogError([LogProblem(file, 0, "", f"cannot read the file: {exc.strerror}")]) from None
    if b"\x00" in head:
        raise LogError([LogProblem(file, 0, "", "not an event log: a binary file, expected CSV text with a header row")])
    try:
        text = head.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = head.decode("latin-1")
    first = next(csv.reader(io.StringIO(text)), [])
    if not text.strip() or not first:
        raise LogError([LogProblem(file, 0, "", "the log has no events (the file is empty)")])
    return first


def read_csv(file: str, columns: Columns) -> RawLog:
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv as pacsv

    header = _header(file)
    check_columns(file, columns, header)
    names = {role: getattr(columns, role) for role in ROLES if getattr(columns, role) in header}
    wanted = list(dict.fromkeys(names.values()))
    try:
        reader = pacsv.open_csv(
            file,
            read_options=pacsv.ReadOptions(block_size=BLOCK_BYTES),
            convert_options=pacsv.ConvertOptions(include_columns=wanted, column_types={c: pa.string() for c in wanted},
                                                 strings_can_be_null=True, quoted_strings_can_be_null=False),
        )
    except pa.ArrowInvalid as exc:
        raise LogError([LogProblem(file, 0, "", f"not a CSV event log: {exc}")]) from None
    chunks: dict[str, list] = {role: [] for role in names if role not in ("timestamp", "start_timestamp")}
    times: dict[str, list[Instants]] = {"timestamp": [], "start_timestamp": []}
    done = 0
    try:
        for batch in reader:
            for role, name in names.items():
                col = batch.column(name)
                if role in times:
                    times[role].append(parse_text(col, file=file, field=name, line_of=lambda i, d=done: d + i + 2))
                else:
                    chunks[role].append(pc.dictionary_encode(col))
            done += batch.num_rows
    except pa.ArrowInvalid as exc:
        raise LogError([LogProblem(file, 0, "", f"not a CSV event log: {exc}")]) from None
    arrays = {}
    if done:
        table = pa.table({role: pa.chunked_array(c) for role, c in chunks.items()}).unify_dictionaries()
        arrays = {role: table.column(role).combine_chunks() for role in chunks}
    parsed = {}
    for role, parts in times.items():
        if parts:
            parsed[role] = _concat(file, getattr(columns, role), parts)
    return RawLog(file, columns, arrays or {"case": None}, parsed=parsed)


def _concat(file: str, name: str, parts: list[Instants]) -> Instants:
    import numpy as np

    naive = {p.naive for p in parts}
    if len(naive) > 1:
        raise LogError([LogProblem(file, 0, name, "mixed time zones: some timestamps have a zone offset and others"
                                   " not; write every timestamp with its offset, or none")])
    offsets = [p.offsets for p in parts]
    return Instants(np.concatenate([p.ns for p in parts]), parts[0].naive,
                    np.concatenate(offsets) if all(o is not None for o in offsets) else None)
