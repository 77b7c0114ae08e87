"""Large event logs for the benchmarks, built honestly from the public receipt.csv (BPIC 2012 is not reachable here).

receipt.csv's 1,434 cases (8,577 events) are copied with new case ids and their times shifted by whole weeks
(zone offsets kept), in order, until the log has the number of events asked for; the last case copied may be
cut short to hit the number exactly. Written as XES (the format BPIC 2012 is published in), CSV or Parquet.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from xml.sax.saxutils import quoteattr

import numpy as np
import pandas as pd

OUT = Path(__file__).resolve().parent / "out"
#: receipt.csv of the shared public logs, beside the checkout (../shared/logs) or beside its parent (a worktree).
RECEIPT_CANDIDATES = [p / "shared" / "logs" / "receipt.csv" for p in Path(__file__).resolve().parents[2:4]]


def receipt() -> pd.DataFrame:
    for path in RECEIPT_CANDIDATES:
        if path.exists():
            return pd.read_csv(path)
    raise SystemExit("receipt.csv (the shared public logs) is needed to build the benchmark logs")


def replicated(events: int) -> pd.DataFrame:
    """receipt.csv replicated to exactly ``events`` events (columns: case, activity, timestamp text, resource,
    lifecycle, and the case attribute channel)."""
    base = receipt()
    base = base[["case:concept:name", "concept:name", "time:timestamp", "org:resource", "lifecycle:transition",
                 "case:channel"]]
    stamps = pd.to_datetime(base["time:timestamp"], format="ISO8601", utc=True)
    offsets = base["time:timestamp"].str[-6:]
    copies = events // len(base) + 1
    parts = []
    for k in range(copies):
        part = base.copy()
        part["case:concept:name"] = part["case:concept:name"] + f"-{k}"
        shifted = stamps + pd.Timedelta(weeks=k)
        local = shifted + pd.to_timedelta(offsets.str[0].map({"+": 1, "-": -1}) * (
            offsets.str[1:3].astype(int) * 60 + offsets.str[4:6].astype(int)), unit="m")
        part["time:timestamp"] = local.dt.strftime("%Y-%m-%dT%H:%M:%S.%f").str[:-3] + offsets
        parts.append(part)
    return pd.concat(parts, ignore_index=True).iloc[:events]


def write_xes(df: pd.DataFrame, path: Path) -> None:
    opener = gzip.open if path.suffix == ".gz" else open
    cols = df.to_numpy()
    case_col, act, ts, res, lc, channel = range(6)
    with opener(path, "wt", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0" xes.features="nested-attributes">\n'
                '  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>\n'
                '  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>\n'
                '  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>\n'
                '  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>\n')
        current = None
        for row in cols:
            if row[case_col] != current:
                if current is not None:
                    f.write("  </trace>\n")
                current = row[case_col]
                f.write(f'  <trace>\n    <string key="concept:name" value={quoteattr(current)}/>\n'
                        f'    <string key="channel" value={quoteattr(str(row[channel]))}/>\n')
            f.write(f'    <event>\n      <string key="org:resource" value={quoteattr(str(row[res]))}/>\n'
                    f'      <string key="lifecycle:transition" value="{row[lc]}"/>\n'
                    f'      <string key="concept:name" value={quoteattr(row[act])}/>\n'
                    f'      <date key="time:timestamp" value="{row[ts]}"/>\n    </event>\n')
        f.write("  </trace>\n</log>\n")


def large_xes(events: int = 262_200) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"receipt_x{events}.xes"
    if not path.exists():
        write_xes(replicated(events), path)
    return path


def large_table(events: int, suffix: str) -> Path:
    """A CSV or Parquet log of ``events`` events, written in chunks (memory stays small)."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"receipt_x{events}{suffix}"
    if path.exists():
        return path
    base = replicated(8_577 * 10)  # ten copies at a time
    tmp = path.with_suffix(path.suffix + ".tmp")
    writer = None
    done, k = 0, 0
    stamps = pd.to_datetime(base["time:timestamp"], format="ISO8601", utc=True)
    text_stamps = base["time:timestamp"].str[:-6]
    offsets = base["time:timestamp"].str[-6:]
    while done < events:
        n = min(len(base), events - done)
        part = base.iloc[:n].copy()
        part["case:concept:name"] = part["case:concept:name"] + f"-b{k}"
        shift = pd.Timedelta(weeks=10 * k)
        if suffix == ".csv":
            local = pd.to_datetime(text_stamps.iloc[:n]) + shift
            part["time:timestamp"] = local.dt.strftime("%Y-%m-%d %H:%M:%S.%f").str[:-3] + offsets.iloc[:n].to_numpy()
            part.to_csv(tmp, mode="a", header=(k == 0), index=False)
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            part["time:timestamp"] = stamps.iloc[:n] + shift
            table = pa.Table.from_pandas(part, preserve_index=False)
            if writer is None:
                writer = pq.ParquetWriter(tmp, table.schema)
            writer.write_table(table)
        done += n
        k += 1
    if writer is not None:
        writer.close()
    os.replace(tmp, path)
    return path


if __name__ == "__main__":
    print(large_xes())
