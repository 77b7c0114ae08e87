"""The peer of bench_eventlog.py: PM4Py reads the same file and computes the same figures; prints them as JSON.

Run as its own process: python benchmarks/pm4py_peer.py LOG [--complete]. PM4Py is AGPL: a benchmark peer only.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys


def main() -> None:
    path = sys.argv[1]
    with contextlib.redirect_stdout(io.StringIO()):  # PM4Py prints a banner on import
        import pm4py
    if path.endswith((".xes", ".xes.gz")):
        df = pm4py.read_xes(path)
    else:
        import pandas as pd

        df = pm4py.format_dataframe(pd.read_parquet(path) if path.endswith(".parquet") else pd.read_csv(path))
    if "--complete" in sys.argv:
        df = pm4py.filter_event_attribute_values(df, "lifecycle:transition", ["complete"], level="event")
    dfg, start, end = pm4py.discover_dfg(df)
    perf, _, _ = pm4py.discover_performance_dfg(df)
    variants = pm4py.get_variants(df)
    durations = pm4py.get_all_case_durations(df)
    print(json.dumps({
        "events": len(df),
        "cases": len(durations),
        "dfg": [[a, b, int(n), perf[(a, b)]["mean"], perf[(a, b)]["median"]] for (a, b), n in dfg.items()],
        "start_activities": {k: int(v) for k, v in start.items()},
        "end_activities": {k: int(v) for k, v in end.items()},
        "variants": {" > ".join(k): int(v) for k, v in variants.items()},
        "case_durations": sorted(durations),
    }))


if __name__ == "__main__":
    main()
