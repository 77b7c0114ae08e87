"""Parquet event logs: only the needed columns are read, batch by batch, with their types (timestamps stay timestamps)."""

from __future__ import annotations

from .columns import Columns
from .errors import LogError, LogProblem
from .raw import ROLES, RawLog, check_columns, collect

#: Rows read at a time: memory holds one batch of text, the rest as codes.
BATCH_ROWS = 1 << 20


def read_parquet(file: str, columns: Columns) -> RawLog:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(file)
    except (pa.ArrowInvalid, OSError) as exc:
        message = getattr(exc, "strerror", None) or str(exc)
        raise LogError([LogProblem(file, 0, "", f"not a Parquet event log: {message}")]) from None
    present = list(schema.names)
    check_columns(file, columns, present, line=0)
    names = {role: getattr(columns, role) for role in ROLES if getattr(columns, role) in present}
    parquet = pq.ParquetFile(file)
    return collect(file, columns, names, parquet.iter_batches(batch_size=BATCH_ROWS,
                                                              columns=list(dict.fromkeys(names.values()))),
                   first_line=1)
