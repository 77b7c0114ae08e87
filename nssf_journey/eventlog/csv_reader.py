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
from .raw import ROLES, RawLog, check_columns, collect

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
    try:
        return collect(file, columns, names, reader, first_line=2)
    except pa.ArrowInvalid as exc:
        raise LogError([LogProblem(file, 0, "", f"not a CSV event log: {exc}")]) from None
