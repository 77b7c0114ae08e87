"""CSV event logs, streamed in blocks with PyArrow's multi-threaded CSV reader.

Only the needed columns are read; each block's case ids, activities and resources are dictionary-encoded and its
timestamps parsed before the next block is read, so memory holds the encoded columns (a few bytes per event),
not the text of the file. A row's line is its position after the header (values with line breaks inside
quotes would shift it).
"""

from __future__ import annotations

import csv
import io
import re

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
        raise LogError([_arrow_problem(file, str(exc), header)]) from None
    try:
        return collect(file, columns, names, reader, first_line=2)
    except pa.ArrowInvalid as exc:
        raise LogError([_arrow_problem(file, str(exc), header)]) from None


def _first_non_utf8_line(file: str) -> int:
    """The first line that is not UTF-8 (0 when none is), read as bytes."""
    with open(file, "rb") as fh:
        for number, line in enumerate(fh, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                return number
    return 0


def _first_ragged_line(file: str, width: int) -> int:
    """The first row whose number of fields differs from the header's (0 when none does)."""
    with open(file, newline="", encoding="utf-8", errors="replace") as fh:
        reader = csv.reader(fh)
        for row in reader:
            if len(row) != width:
                return reader.line_num
    return 0


def _arrow_problem(file: str, message: str, header: list[str]) -> LogProblem:
    """Arrow's CSV error as a located problem: ``Row #12`` is line 12 (the header is row 1)."""
    row = re.search(r"Row #(\d+)", message)
    line = int(row.group(1)) if row else 0
    column = re.search(r"column #(\d+)", message)
    field = header[int(column.group(1))] if column and int(column.group(1)) < len(header) else ""
    if "invalid UTF8" in message:
        return LogProblem(file, line or _first_non_utf8_line(file), field,
                          "not UTF-8 text; save the export as UTF-8 (CSV UTF-8)")
    count = re.search(r"(Expected \d+ columns, got \d+)", message)
    if count:
        return LogProblem(file, line or _first_ragged_line(file, len(header)), "",
                          count.group(1).replace("Expected", "expected") + " (a row that does not fit the header)")
    detail = re.sub(r"^(CSV parse error: |In CSV column #\d+: )?(Row #\d+: )?", "", message)
    return LogProblem(file, line, field, f"not a CSV event log: {detail}")
