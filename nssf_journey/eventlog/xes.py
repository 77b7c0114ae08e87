"""XES event logs (``.xes``, ``.xes.gz``), streamed with lxml.

XES (IEEE 1849) nests events in traces: a trace's own attributes (its ``concept:name`` is the case id) and a list
of events, each a list of typed attributes (``<string key="concept:name" value="..."/>``,
``<date key="time:timestamp" value="..."/>``). The reader walks the file once with ``lxml.etree.iterparse``,
keeps the few attributes it needs as text and frees each trace once read, so memory holds the columns, not the
XML tree. lxml parses in C and hands over only the elements asked for; that is what makes it fast here.

A column named ``case:X`` is the trace attribute ``X`` (``case:concept:name`` is the trace's name); any other
name is an event attribute.
"""

from __future__ import annotations

import gzip

from .columns import Columns
from .errors import LogError, LogProblem
from .raw import ROLES, RawLog, check_columns

#: Events whose attribute names are all noted, to list them when a column is missing.
SURVEYED = 1_000


def _open(file: str):
    if file.lower().endswith(".gz"):
        return gzip.open(file, "rb")
    return open(file, "rb")


def read_xes(file: str, columns: Columns) -> RawLog:
    import pyarrow as pa
    from lxml import etree

    trace_keys = {getattr(columns, r)[5:]: r for r in ROLES if getattr(columns, r).startswith("case:")}
    event_keys = {getattr(columns, r): r for r in ROLES if not getattr(columns, r).startswith("case:")}
    values: dict[str, list] = {r: [] for r in ROLES}
    lines: list[int] = []
    seen: set[str] = set()
    event_roles = [r for r in ROLES if r not in trace_keys.values()]
    root_checked = False
    try:
        with _open(file) as fh:
            context = etree.iterparse(fh, events=("start", "end"), huge_tree=True, remove_comments=True)
            trace_start = 0
            trace_vals: dict[str, str | None] = {}
            for action, elem in context:
                tag = elem.tag
                if tag[0] == "{":
                    tag = tag.rsplit("}", 1)[1]
                if not root_checked:
                    root_checked = True
                    if tag != "log":
                        raise LogError([LogProblem(file, 1, "", f"not an XES event log: the root element is <{tag}>,"
                                                   " expected <log>")])
                    continue
                if action == "start":
                    if tag == "trace":
                        trace_start = len(lines)
                        trace_vals = {}
                    continue
                if tag == "event":
                    row = dict.fromkeys(event_roles)
                    if len(lines) < SURVEYED:  # what attributes exist, to name them when one is missing
                        seen.update(child.get("key") for child in elem if child.get("key"))
                    for child in elem:
                        key = child.get("key")
                        role = event_keys.get(key)
                        if role is not None:
                            row[role] = child.get("value")
                            seen.add(key)
                    for role in event_roles:
                        values[role].append(row[role])
                    lines.append(elem.sourceline or 0)
                    elem.clear()
                elif tag == "trace":
                    for child in elem:
                        key = child.get("key")
                        if key and child.tag != "event" and len(lines) < SURVEYED:
                            seen.add("case:" + key)
                        if key in trace_keys:
                            trace_vals[trace_keys[key]] = child.get("value")
                            seen.add("case:" + key)
                    k = len(lines) - trace_start
                    for role in trace_keys.values():
                        values[role].extend([trace_vals.get(role)] * k)
                    elem.clear()
                    parent = elem.getparent()
                    while elem.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 0
        if not root_checked or not lines:
            raise LogError([LogProblem(file, line, "", f"not an XES event log: {exc.msg}")]) from None
        raise LogError([LogProblem(file, line, "", f"broken XML: {exc.msg}")]) from None
    except (OSError, EOFError) as exc:
        raise LogError([LogProblem(file, 0, "", f"cannot read the file: {getattr(exc, 'strerror', None) or exc}")]) from None
    if not lines:
        raise LogError([LogProblem(file, 0, "", "the log has no events")])
    check_columns(file, columns, sorted(seen), line=0)
    arrays = {}
    for role in ROLES:
        name = getattr(columns, role)
        if name in seen:
            arrays[role] = pa.array(values[role], type=pa.string())
    return RawLog(file, columns, arrays, line_of=lambda i: lines[i])
